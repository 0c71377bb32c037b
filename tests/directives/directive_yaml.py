"""A valid directive YAML and a helper to edit it, shared by the import, fuzzing, schema and
control-character tests."""

from __future__ import annotations

# Line numbers below are found with `line_of`, so the document can grow without breaking them.
VALID = """\
format: chitieu/directive@1
directive:
  code: "15/CT-UBND"
  kind: directive
  title: "Chỉ thị về đẩy mạnh ứng dụng công nghệ thông tin"
  issuer: "UBND tỉnh Vĩnh Phúc"
  issued_on: 2016-01-05
  effective_from: 2016-01-15
  effective_to: 2020-12-31
  reporting: [quarter, year]
  report_to: VP-STTTT

indicators:
  - code: DOCS_SIGNED
    name: "Tỷ lệ văn bản đi được ký số"
    kind: ratio
    numerator: "Số văn bản đi được ký số"
    denominator: "Tổng số văn bản đi"
    unit: "%"
  - code: IT_STAFF
    name: "Số cán bộ chuyên trách CNTT"
    kind: count
    unit: "người"
  - code: HAS_ONE_STOP
    name: "Đơn vị có phần mềm một cửa điện tử"
    kind: boolean
  - code: ICT_RANK
    name: "Thứ hạng ICT Index của tỉnh"
    kind: rank
    unit: "hạng"

tasks:
  - number: "1.a"
    title: "Triển khai chữ ký số trong trao đổi văn bản"
    lead: [VP-STTTT]
    support: ["@district", VP-SNV]
    due: 2016-06-30
    targets:
      - indicator: DOCS_SIGNED
        op: ">="
        value: 80
        due: 2016-12-31
        scope: ["@department", "@district"]
        judge: pooled
      - indicator: IT_STAFF
        op: ">="
        value: 1
        due: 2016-12-31
        scope: ["@district"]
        judge: each_unit
        units_share: 50
  - number: 2
    title: "Triển khai một cửa điện tử ở cấp xã"
    lead: ["@district"]
    support: [VP-SNV]
    targets:
      - indicator: HAS_ONE_STOP
        op: "=="
        value: 1
        scope: ["@commune", VP-VINHYEN]
        judge: each_unit
      - indicator: DOCS_SIGNED
        op: "<="
        value: 7.5
        due: 2017-12-31
        scope: [VP-SNV]
        judge: pooled
        change_per_year: true
  - number: "3"
    title: "Báo cáo định kỳ về Sở Thông tin và Truyền thông"
    lead: ["@department", "@district"]
"""


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)
