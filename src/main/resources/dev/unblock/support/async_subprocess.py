"""Asynchronous versions of subprocess.run, call, check_call and check_output, added by Unblock.

They take the same arguments as their subprocess counterparts (those listed below) and return or raise
the same things, but wait for the child process without blocking the event loop:
``await async_subprocess.run(["git", "status"], capture_output=True, text=True, check=True)``.
"""
import asyncio
import subprocess
from typing import TYPE_CHECKING, Any, overload

if TYPE_CHECKING:
    from typing import Literal

__all__ = ["run", "call", "check_call", "check_output"]


# What run returns, for type checkers (as for subprocess.run): a CompletedProcess of str when text is asked for
# (text, universal_newlines, encoding or errors), of bytes when it surely is not.
@overload
async def run(args: Any, *, input: Any = ..., capture_output: bool = ..., stdin: Any = ..., stdout: Any = ...,
              stderr: Any = ..., shell: bool = ..., cwd: Any = ..., env: Any = ..., timeout: Any = ...,
              check: bool = ..., text: "Literal[True]", universal_newlines: Any = ..., encoding: Any = ...,
              errors: Any = ...) -> "subprocess.CompletedProcess[str]": ...
@overload
async def run(args: Any, *, input: Any = ..., capture_output: bool = ..., stdin: Any = ..., stdout: Any = ...,
              stderr: Any = ..., shell: bool = ..., cwd: Any = ..., env: Any = ..., timeout: Any = ...,
              check: bool = ..., text: Any = ..., universal_newlines: "Literal[True]", encoding: Any = ...,
              errors: Any = ...) -> "subprocess.CompletedProcess[str]": ...
@overload
async def run(args: Any, *, input: Any = ..., capture_output: bool = ..., stdin: Any = ..., stdout: Any = ...,
              stderr: Any = ..., shell: bool = ..., cwd: Any = ..., env: Any = ..., timeout: Any = ...,
              check: bool = ..., text: Any = ..., universal_newlines: Any = ..., encoding: str,
              errors: Any = ...) -> "subprocess.CompletedProcess[str]": ...
@overload
async def run(args: Any, *, input: Any = ..., capture_output: bool = ..., stdin: Any = ..., stdout: Any = ...,
              stderr: Any = ..., shell: bool = ..., cwd: Any = ..., env: Any = ..., timeout: Any = ...,
              check: bool = ..., text: Any = ..., universal_newlines: Any = ..., encoding: Any = ...,
              errors: str) -> "subprocess.CompletedProcess[str]": ...
@overload
async def run(args: Any, *, input: Any = ..., capture_output: bool = ..., stdin: Any = ..., stdout: Any = ...,
              stderr: Any = ..., shell: bool = ..., cwd: Any = ..., env: Any = ..., timeout: Any = ...,
              check: bool = ..., text: "Literal[False, None]" = ..., universal_newlines: "Literal[False, None]" = ...,
              encoding: None = ..., errors: None = ...) -> "subprocess.CompletedProcess[bytes]": ...
@overload
async def run(args: Any, *, input: Any = ..., capture_output: bool = ..., stdin: Any = ..., stdout: Any = ...,
              stderr: Any = ..., shell: bool = ..., cwd: Any = ..., env: Any = ..., timeout: Any = ...,
              check: bool = ..., text: Any = ..., universal_newlines: Any = ..., encoding: Any = ...,
              errors: Any = ...) -> "subprocess.CompletedProcess[Any]": ...


async def run(args, *, input=None, capture_output=False, stdin=None, stdout=None, stderr=None,
              shell=False, cwd=None, env=None, timeout=None, check=False, text=None,
              universal_newlines=None, encoding=None, errors=None) -> "subprocess.CompletedProcess[Any]":
    """Like subprocess.run: returns a subprocess.CompletedProcess."""
    if capture_output:
        if stdout is not None or stderr is not None:
            raise ValueError("stdout and stderr arguments may not be used with capture_output.")
        stdout = stderr = subprocess.PIPE
    decode = bool(text or universal_newlines or encoding or errors)
    if input is not None:
        stdin = subprocess.PIPE
        if decode:
            input = input.encode(encoding or "utf-8", errors or "strict")
    if shell:
        command = args if isinstance(args, str) else subprocess.list2cmdline(args)
        process = await asyncio.create_subprocess_shell(
            command, stdin=stdin, stdout=stdout, stderr=stderr, cwd=cwd, env=env)
    else:
        argv = [args] if isinstance(args, (str, bytes)) else list(args)
        process = await asyncio.create_subprocess_exec(
            *argv, stdin=stdin, stdout=stdout, stderr=stderr, cwd=cwd, env=env)
    try:
        out, err = await asyncio.wait_for(process.communicate(input), timeout)
    except asyncio.TimeoutError:
        process.kill()
        out, err = await process.communicate()
        # only a finite timeout can expire
        raise subprocess.TimeoutExpired(args, timeout if timeout is not None else 0.0, output=out,
                                        stderr=err) from None
    if decode:
        out = _decode(out, encoding, errors)
        err = _decode(err, encoding, errors)
    returncode = await process.wait()  # an int once the child has exited
    completed = subprocess.CompletedProcess(args, returncode, out, err)
    if check:
        completed.check_returncode()
    return completed


async def call(args, **kwargs):
    """Like subprocess.call: returns the exit status."""
    return (await run(args, **kwargs)).returncode


async def check_call(args, **kwargs):
    """Like subprocess.check_call: returns 0 or raises subprocess.CalledProcessError."""
    await run(args, check=True, **kwargs)
    return 0


# What check_output returns, for type checkers (as for subprocess.check_output): str or bytes, as for run.
@overload
async def check_output(args: Any, *, text: "Literal[True]", **kwargs: Any) -> str: ...
@overload
async def check_output(args: Any, *, universal_newlines: "Literal[True]", **kwargs: Any) -> str: ...
@overload
async def check_output(args: Any, *, encoding: str, **kwargs: Any) -> str: ...
@overload
async def check_output(args: Any, *, errors: str, **kwargs: Any) -> str: ...
@overload
async def check_output(args: Any, *, text: "Literal[False, None]" = ...,
                       universal_newlines: "Literal[False, None]" = ..., encoding: None = ..., errors: None = ...,
                       **kwargs: Any) -> bytes: ...
@overload
async def check_output(args: Any, **kwargs: Any) -> Any: ...


async def check_output(args, **kwargs):
    """Like subprocess.check_output: returns what the child wrote on stdout."""
    if "stdout" in kwargs:
        raise ValueError("stdout argument not allowed, it will be overridden.")
    return (await run(args, stdout=subprocess.PIPE, check=True, **kwargs)).stdout


def _decode(data, encoding, errors):
    if data is None:
        return None
    return data.decode(encoding or "utf-8", errors or "strict").replace("\r\n", "\n")
