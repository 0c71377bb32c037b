from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults


# Errors Django answers before a DRF view runs (an address no route matches, a request refused by
# Django itself): JSON under /api/, as the API's own errors are; the usual pages elsewhere.
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        message = _(
            "Nội dung gửi lên quá lớn (tối đa %(mb)s MB): hãy gửi tệp hoặc đoạn văn bản ngắn hơn."
        ) % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)}
    else:
        message = _("Máy chủ không hiểu yêu cầu này; hãy tải lại trang rồi thử lại.")
    if request.path.startswith("/api/"):
        detail = message if isinstance(exception, RequestDataTooBig) else _("Yêu cầu không hợp lệ.")
        return JsonResponse({"detail": detail}, status=400)
    page = loader.get_template("400.html").render({"message": message})
    return HttpResponseBadRequest(page)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Lỗi máy chủ; đã được ghi lại để xử lý.")}, status=500)
    return defaults.server_error(request)
