import datetime

from django.db import migrations, models


def seed(apps, schema_editor):
    Question = apps.get_model("polls", "Question")
    when = datetime.datetime(2024, 5, 1, 12, 30, 15, 123456, tzinfo=datetime.timezone.utc)
    Question.objects.create(text="Tea or coffee?", slug="tea-or-coffee", pub_date=when, price="1.50")
    Question.objects.create(text="Cats or dogs?", slug="cats-or-dogs", pub_date=when, price="2.25", votes=3)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Question",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(max_length=200)),
                ("slug", models.SlugField(unique=True)),
                ("pub_date", models.DateTimeField()),
                ("price", models.DecimalField(decimal_places=2, default=0, max_digits=6)),
                ("votes", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
