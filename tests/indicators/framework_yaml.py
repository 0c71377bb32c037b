"""A small framework of two editions whose weights differ, for the index tests.

Hand-computed with the figures of `score_figures`: see tests/indicators/test_index_scores.py.
"""

from __future__ import annotations

EDITION = """\
format: chitieu/index-framework@1
framework: {{code: DTI, name: Chỉ số chuyển đổi số cấp tỉnh}}
edition:
  year: {year}
  legal_basis: Quyết định số {year}/QĐ-BTTTT
  max_score: 100
  published: {published}{levels}
pillars:
  - code: P1
    name: Chính quyền số
    weight: {p1}
    components:
      - code: P1.1
        name: Dịch vụ công
        weight: 100
        criteria:
          - code: C1
            name: Tỷ lệ hồ sơ trực tuyến
            weight: 50
            indicator: ONLINE
            scoring: {{linear: {{from: 0, to: 80}}}}
          - code: C2
            name: Đánh giá của Bộ
            weight: 50
  - code: P2
    name: Kinh tế số
    weight: {p2}
    components:
      - code: P2.1
        name: Doanh nghiệp số
        weight: 100
        criteria:
          - code: C3
            name: Mức độ hài lòng
            weight: 100
            indicator: SURVEY
            scoring: {{thresholds: [[50, 50], [80, 100]]}}
"""


def edition_yaml(year: int, *, p1: int, p2: int, published: bool = True, levels: str = "") -> bytes:
    """`levels`: the edition's scored_levels as YAML (e.g. "[district]"), none by default."""
    scored = f"\n  scored_levels: {levels}" if levels else ""
    text = EDITION.format(year=year, p1=p1, p2=p2, published=str(published).lower(), levels=scored)
    return text.encode()


# 2022 weighs public administration 60 / economy 40; 2023 turns it round to 40 / 60.
EDITION_2022 = edition_yaml(2022, p1=60, p2=40)
EDITION_2023 = edition_yaml(2023, p1=40, p2=60)
