from django.db import migrations

# Also used by the tests to restore these rows after a transactional test's flush.
LEVELS = [
    ("province", "Cấp tỉnh", 10),
    ("department", "Sở, ban, ngành", 20),
    ("agency", "Đơn vị sự nghiệp, cơ quan khác", 25),
    ("district", "Cấp huyện", 30),
    ("commune", "Cấp xã", 40),
    ("enterprise", "Doanh nghiệp", 50),
]


def add_levels(apps, schema_editor):
    Level = apps.get_model("units", "Level")
    for code, name, order in LEVELS:
        Level.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def remove_levels(apps, schema_editor):
    apps.get_model("units", "Level").objects.filter(code__in=[c for c, _, _ in LEVELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(add_levels, remove_levels)]
