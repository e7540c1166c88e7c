"""Running child processes (migrated to async_subprocess on asyncio's subprocess API)."""
import subprocess


def greet(name):
    return subprocess.check_output(["echo", "hello", name], text=True).strip()


def exit_code(code):
    return subprocess.call(f"exit {code}", shell=True)


def upper(text):
    result = subprocess.run(["tr", "a-z", "A-Z"], input=text, capture_output=True, text=True, check=True)
    return result.stdout, result.returncode


def failing():
    try:
        subprocess.check_call(["false"])
        return "no error"
    except subprocess.CalledProcessError as exc:
        return f"failed with {exc.returncode}"


def count_words(text):
    return len(text.split())
