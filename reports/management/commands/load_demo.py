from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.demo import build_demo

DEMO_PASSWORD = "chitieu-demo-2026"


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu minh họa: tỉnh Phú Thọ và Lâm Đồng sau sắp xếp 2025 (lịch sử Vĩnh Phúc, "
        "Bình Thuận), ba văn bản thật đã hoàn thành, một kế hoạch ví dụ đang thực hiện tính theo "
        "ngày hôm nay, người dùng, báo cáo và thông báo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password", default=DEMO_PASSWORD, help="Mật khẩu của mọi tài khoản minh họa."
        )
        parser.add_argument("--force", action="store_true", help="Cho phép chạy khi DEBUG tắt.")

    def handle(self, *args: Any, password: str, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Dữ liệu minh họa có mật khẩu công khai: chỉ chạy khi DEBUG bật, hoặc thêm --force."
            )
        summary = build_demo(password=password)
        for line in summary.units:
            self.stdout.write(f"Đơn vị: {line}")
        self.stdout.write(f"Văn bản: {', '.join(summary.directives)}")
        self.stdout.write(f"Kỳ báo cáo: {summary.periods}; báo cáo mới tạo: {summary.submissions}")
        self.stdout.write(f"Thông báo mới: {summary.notifications}")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản minh họa (mật khẩu: {password}):"))
        for username, role, unit in summary.users:
            self.stdout.write(f"  {username:<18} {role:<24} {unit}")
