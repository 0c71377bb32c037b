"""Mutual TLS towards a receiver: the portal's client certificate (and the receiver's own CA,
when it is not one the operating system trusts), loaded from the files an admin names on the
receiver. A file that is missing or does not load is a DomainError in Vietnamese: the admin
form shows it, and a push logs it and tries again later."""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from config.errors import DomainError

if TYPE_CHECKING:
    from reports.publications.models import Receiver


def receiver_tls(receiver: Receiver) -> ssl.SSLContext | None:
    """The TLS context for an https receiver; None for plain http (nothing to present)."""
    if not receiver.url.lower().startswith("https://"):
        return None
    try:
        context = ssl.create_default_context(cafile=receiver.server_ca_path or None)
    except (OSError, ssl.SSLError) as error:
        raise DomainError(
            _("Không nạp được tệp CA %(path)s: %(error)s")
            % {"path": receiver.server_ca_path, "error": error}
        ) from error
    if receiver.client_cert_path:
        try:
            context.load_cert_chain(receiver.client_cert_path, receiver.client_key_path or None)
        except (OSError, ssl.SSLError) as error:
            raise DomainError(
                _("Không nạp được chứng thư máy khách %(path)s (tệp PEM chứng thư và khóa "
                  "riêng không mật khẩu): %(error)s")
                % {"path": receiver.client_cert_path, "error": error}
            ) from error  # fmt: skip
    return context
