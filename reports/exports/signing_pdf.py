"""A PDF signed (PAdES, pyHanko) with the stamps Decree 30/2020/NĐ-CP places: the signer's in
the signature block (the signature's own appearance) and the body's over its left third, where
the seal goes, with the body's name and the signing time in ISO 8601, Vietnam time. Where the
province has its body's key, the seal is that body's own second signature (its appearance the
seal stamp), made after the signer's as the clerk seals after the signer signs."""

from __future__ import annotations

import datetime
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.generic import IndirectObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.general import SigningError
from pyhanko.stamp import StaticStampStyle
from weasyprint import HTML

from config.errors import DomainError

if TYPE_CHECKING:
    from pyhanko.sign.signers.pdf_cms import Signer

logger = logging.getLogger(__name__)
FIELD, SEAL_FIELD = "ChuKySo", "DauCoQuan"
# Anchors of the report template (reports/exports/report.html): the signature block's cell
# and the signer's name under the room left for the signature.
BLOCK_ANCHOR, NAME_ANCHOR = "chitieu-ky-so", "chitieu-ky-ten"
RIGHT_MARGIN = 42.5  # pt: the template's @page right margin (15 mm)
SPACE = 70  # pt: the room the template leaves above the signer's name
SEAL_INK, SIGNER_INK = "#c0140f", "#0d2a99"  # a seal's red, a pen's blue

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points


@dataclass(frozen=True)
class Placement:
    page: int
    signer_box: Box
    seal_box: Box


def sign_pdf(
    data: bytes,
    *,
    signer: Signer,
    seal_signer: Signer | None = None,
    body: str,
    location: str,
    signer_name: str,
    signed_at: datetime.datetime,
) -> bytes:
    """`data` signed by `signer`; the body's seal is `seal_signer`'s signature over the seal's
    place, or without it a stamp in the signer's signed revision."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        place = placement(writer)
    except Exception as error:
        raise DomainError(_("Tệp báo cáo không đọc được để ký: hãy kết xuất lại.")) from error
    when = signed_at.isoformat()
    # The stamps and reasons are the legal record's: Vietnamese, whatever language the report
    # was built in or the officer reads the portal in.
    with translation.override(settings.LANGUAGE_CODE):
        seal_lines = [body, _("Đã ký số lúc"), when]
        signer_lines = [_("Ký số bởi:"), signer_name, _("Thời gian ký:"), when]
        reasons = (_("Ký ban hành báo cáo"), _("Đóng dấu của cơ quan ban hành"))
    with tempfile.TemporaryDirectory(prefix="chitieu-stamp-") as folder:
        seal_pdf = _stamp_file(folder, "seal", place.seal_box, SEAL_INK, seal_lines)
        signer_pdf = _stamp_file(folder, "signer", place.signer_box, SIGNER_INK, signer_lines)
        if seal_signer is None:
            x0, y0, x1, y1 = place.seal_box
            seal = _style(seal_pdf).create_stamp(
                writer, layout.BoxConstraints(width=x1 - x0, height=y1 - y0), {}
            )
            seal.apply(place.page, x0, y0)  # in the signed revision: covered by the signature
        signed = _sign(writer, signer, FIELD, place.page, place.signer_box, signer_pdf,
                       reason=reasons[0], location=location)  # fmt: skip
        if seal_signer is None:
            return signed
        return _sign(IncrementalPdfFileWriter(io.BytesIO(signed), strict=False), seal_signer,
                     SEAL_FIELD, place.page, place.seal_box, seal_pdf,
                     reason=reasons[1], location=location)  # fmt: skip


def _sign(
    writer: IncrementalPdfFileWriter, signer: Signer, field: str, page: int, box: Box,
    appearance: str, *, reason: str, location: str,
) -> bytes:  # fmt: skip
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason=reason, location=location,
        ),
        signer=signer,
        timestamper=_timestamper(),
        stamp_style=_style(appearance),
        new_field_spec=fields.SigFieldSpec(sig_field_name=field, on_page=page, box=box),
    )  # fmt: skip
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out)
    except (SigningError, OSError) as error:
        logger.warning("signing failed: %s", error)
        raise DomainError(
            _("Ký số không thành công: %(error)s. Không có gì được lưu.") % {"error": error}
        ) from error
    return out.getvalue()


def _stamp_file(folder: str, name: str, box: Box, ink: str, lines: list[str]) -> str:
    """A stamp's picture as a one-page PDF of the box's size, typeset by WeasyPrint: Liberation
    Serif has every Vietnamese letter, and pyHanko's own text stamps space a TrueType font's
    letters wrongly (its widths are not scaled to 1000 units per em)."""
    width, height = box[2] - box[0], box[3] - box[1]
    html = format_html(
        "<html><head><style>@page {{ size: {}pt {}pt; margin: 0 }}"
        " html {{ font-family: 'Liberation Serif'; font-size: 7.5pt; line-height: 1.15;"
        " color: {} }} div {{ box-sizing: border-box; height: {}pt; border: 1pt solid {};"
        " padding: 1pt 2pt; text-align: center; display: flex; flex-direction: column;"
        " justify-content: center; overflow: hidden }} body, p {{ margin: 0 }}</style></head>"
        "<body><div>{}</div></body></html>",
        f"{width:.1f}", f"{height:.1f}", ink, f"{height - 1:.1f}", ink,
        format_html_join("", "<p>{}</p>", ((line,) for line in lines)),
    )  # fmt: skip
    path = os.path.join(folder, f"{name}.pdf")
    HTML(string=html).write_pdf(path)
    return path


def _style(picture: str) -> StaticStampStyle:
    return StaticStampStyle.from_pdf_file(
        picture, border_width=0, background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )  # fmt: skip


def _timestamper() -> timestamps.TimeStamper | None:
    url = settings.CHITIEU_SIGNING_TSA_URL
    return timestamps.HTTPTimeStamper(url, timeout=20) if url else None


def placement(writer: IncrementalPdfFileWriter) -> Placement:
    """Where the stamps go: in the room above the signer's name, found through the named
    destinations WeasyPrint writes for the template's anchors. A PDF without them (made
    before the anchors) gets them at the bottom right of its last page."""
    dests = _destinations(writer)
    block, name = dests.get(BLOCK_ANCHOR), dests.get(NAME_ANCHOR)
    count = int(writer.root["/Pages"]["/Count"])
    page = count - 1
    bottom, left = 90.0, 320.0
    if block is not None and name is not None and block[0] == name[0]:
        page = next(i for i in range(count) if _page_ref(writer, i) == name[0])
        bottom, left = name[2], block[1]
    right = _page_width(writer, page) - RIGHT_MARGIN
    width = right - left
    y0, y1 = bottom + 2, bottom + SPACE - 4
    # Decree 30: the seal covers about a third of the signature, on its left.
    signer_box = (left + width * 0.36, y0, right - 2, y1)
    seal_box = (left + 2, y0 + 6, left + width * 0.47, y1 - 6)
    return Placement(page=page, signer_box=signer_box, seal_box=seal_box)


def _destinations(writer: IncrementalPdfFileWriter) -> dict[str, tuple[int, float, float]]:
    """Named destination -> (page object number, x, y), from a flat /Dests name array."""
    names = writer.root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    flat = list(names["/Dests"].get("/Names", []))
    found = {}
    for key, dest in zip(flat[::2], flat[1::2], strict=False):
        target = dest.raw_get(0) if len(dest) >= 4 else None
        if isinstance(target, IndirectObject) and dest[1] == "/XYZ":
            found[str(key)] = (target.idnum, float(dest[2]), float(dest[3]))
    return found


def _page_ref(writer: IncrementalPdfFileWriter, index: int) -> int:
    return writer.find_page_for_modification(index)[0].idnum


def _page_width(writer: IncrementalPdfFileWriter, index: int) -> float:
    page = writer.find_page_for_modification(index)[0].get_object()
    box = page["/MediaBox"]
    return float(box[2]) - float(box[0])
