"""Exports: the official PDF report and the Excel workbook, made in the background."""
