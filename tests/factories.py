from __future__ import annotations

import datetime
from decimal import Decimal
from importlib import import_module
from typing import Any

import factory
from django.utils import timezone

from directives.models import Directive, Target, TargetScope, Task, TaskAssignee
from indicators.models import Indicator
from reports.periods.models import Period
from reports.submissions.models import Submission
from units.models import Level, Membership, Role, Unit, User
from units.tokens import token_issue

DEFAULT_LEVELS = {
    code: (name, order)
    for code, name, order in import_module("units.migrations.0002_default_levels").LEVELS
}


def level(code: str) -> Level:
    """A level seeded by the data migration (recreated if a transactional test flushed it)."""
    name, order = DEFAULT_LEVELS[code]
    return Level.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    level = factory.LazyFunction(lambda: level("department"))
    kind = "sở"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs: Any):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.REPORTER


def api_token(user: User) -> str:
    """A new API token's key for `user` (as POST /api/v1/auth/token/ gives one)."""
    return token_issue(user=user)[1]


def user_with_role(role: str, unit: Unit, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND_{n}")
    name = factory.Sequence(lambda n: f"Chỉ số thử {n}")
    kind = Indicator.Kind.COUNT
    display_unit = "đơn vị"


class RatioIndicatorFactory(IndicatorFactory):
    kind = Indicator.Kind.RATIO
    numerator_label = "Số văn bản ký số"
    denominator_label = "Tổng số văn bản"
    display_unit = "%"


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    code = factory.Sequence(lambda n: f"{n}/CT-UBND")
    kind = Directive.Kind.DIRECTIVE
    title = "Về việc đẩy mạnh ứng dụng công nghệ thông tin"
    issuer = "UBND tỉnh"
    issued_on = datetime.date(2016, 1, 5)
    effective_from = datetime.date(2016, 1, 15)
    reporting = factory.LazyFunction(lambda: ["quarter"])
    report_to = factory.SubFactory(UnitFactory)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    directive = factory.SubFactory(DirectiveFactory)
    number = factory.Sequence(lambda n: f"{n + 1}")
    title = "Triển khai chữ ký số trong trao đổi văn bản"


class TaskAssigneeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskAssignee

    task = factory.SubFactory(TaskFactory)
    role = TaskAssignee.Role.LEAD
    unit = factory.SubFactory(UnitFactory)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    indicator = factory.SubFactory(RatioIndicatorFactory)
    op = Target.Op.GTE
    value = Decimal("100")
    due_on = datetime.date(2016, 6, 30)
    judge = Target.Judge.POOLED


class TargetScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetScope

    target = factory.SubFactory(TargetFactory)
    level = factory.LazyFunction(lambda: level("district"))


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ("kind", "year", "number")

    kind = "quarter"
    year = 2016
    number = 1
    starts_on = datetime.date(2015, 12, 15)
    ends_on = datetime.date(2016, 3, 14)
    due_on = datetime.date(2016, 3, 16)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    unit = factory.SubFactory(UnitFactory)
    period = factory.SubFactory(PeriodFactory)
    directive = factory.SubFactory(DirectiveFactory)


def sent(**kwargs: Any) -> Submission:
    """A submission that has been sent (submitted unless `status` says otherwise)."""
    kwargs = {
        "status": Submission.Status.SUBMITTED,
        "submitted_at": timezone.now(),
        "is_late": False,
        **kwargs,
    }
    return SubmissionFactory(**kwargs)
