"""Each existing indicator used by the directives of one province only becomes that province's
own; one used by several provinces, or by none, stays in the national catalogue."""

from django.db import migrations


def assign(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Target = apps.get_model("directives", "Target")
    Unit = apps.get_model("units", "Unit")
    parents = dict(Unit.objects.values_list("pk", "parent_id"))

    def root(unit_id):
        while parents.get(unit_id) is not None:
            unit_id = parents[unit_id]
        return unit_id

    provinces: dict[int, set[int]] = {}
    for indicator_id, report_to in Target.objects.values_list(
        "indicator_id", "task__directive__report_to_id"
    ):
        provinces.setdefault(indicator_id, set()).add(root(report_to))
    for indicator_id, roots in provinces.items():
        if len(roots) == 1:
            Indicator.objects.filter(pk=indicator_id).update(province_id=roots.pop())


def unassign(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.update(province=None)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_indicator_national_or_province"),
        ("directives", "0005_free_text_refuses_control_characters"),
    ]

    operations = [migrations.RunPython(assign, unassign)]
