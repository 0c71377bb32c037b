"""The main pages of each role for the browser tests, on a portal with a report sent and one
being written."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from reports.submissions.models import Submission
from reports.submissions.services import submission_start
from tests.conftest import Province
from tests.reports.compliance.dashboard_fixtures import Dashboard, build_dashboard
from tests.reports.submissions.review_plan import plan, save, send


@dataclass
class Portal:
    dashboard: Dashboard
    sent: Submission  # the district's report, waiting for review
    draft: Submission  # the commune's report, being filled in


@pytest.fixture
def portal(province: Province) -> Portal:
    setup = plan(province)
    draft = submission_start(
        unit=province.commune, period=setup.q2, directive=setup.directive, by=None
    )
    return Portal(
        build_dashboard(province), send(setup, province.district), save(draft, setup, None)
    )


def main_pages(role: str, portal: Portal) -> list[str]:
    board = f"/reports/dashboard/{portal.dashboard.directive.pk}/"
    review = f"/reports/review/{portal.sent.pk}/"
    return {
        "reporter": ["/", "/reports/", f"/reports/{portal.draft.pk}/", "/directives/",
                     "/directives/tasks/", "/indicators/", "/units/", "/notifications/"],
        "reviewer": ["/", "/reports/review/", review, f"{review}history/", "/reports/periods/",
                     "/directives/tasks/board/", f"/directives/{portal.dashboard.directive.pk}/"],
        "leader": ["/reports/dashboard/", board, f"{board}heatmap/", f"{board}ranking/",
                   f"{board}trends/",
                   f"{board}targets/{portal.dashboard.targets['department'].pk}/"],
        "admin": ["/", "/reports/exports/", "/directives/draft/", "/account/tokens/",
                  "/notifications/preferences/", "/notifications/calendar/"],
    }[role]  # fmt: skip
