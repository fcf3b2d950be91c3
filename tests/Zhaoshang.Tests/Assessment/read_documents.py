"""Reads a bulletin back the way a bureau's tools do: python-docx for the .docx (every table, cell by cell, under the
heading that precedes it, and each section's page), openpyxl for the .xlsx (figures, print setup, frozen panes).
Prints JSON. Usage: read_documents.py bulletin.docx bulletin.xlsx"""
import json
import sys

import docx
import openpyxl
from docx.table import Table
from docx.text.paragraph import Paragraph


def read_docx(path):
    document = docx.Document(path)
    tables, heading = [], None
    for child in document.element.body.iterchildren():
        if child.tag.endswith('}p'):
            text = Paragraph(child, document).text.strip()
            if text:
                heading = text
        elif child.tag.endswith('}tbl'):
            table = Table(child, document)
            tables.append({'heading': heading, 'columns': len(table.columns),
                           'rows': [[cell.text for cell in row.cells] for row in table.rows],
                           'repeatHeader': table.rows[0]._tr.trPr is not None and table.rows[0]._tr.trPr.find(
                               '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader') is not None})
    sections = [{'orientation': str(s.orientation), 'widthMm': round(s.page_width.mm), 'heightMm': round(s.page_height.mm)}
                for s in document.sections]
    return {'tables': tables, 'sections': sections, 'text': '\n'.join(p.text for p in document.paragraphs)}


def read_xlsx(path):
    workbook = openpyxl.load_workbook(path)
    sheets = []
    for sheet in workbook.worksheets:
        sheets.append({
            'name': sheet.title,
            'orientation': sheet.page_setup.orientation,
            'paperSize': sheet.page_setup.paperSize,
            'fitToWidth': sheet.page_setup.fitToWidth,
            'fitToPage': sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None,
            'printTitleRows': sheet.print_title_rows,
            'freeze': sheet.freeze_panes,
            'rows': [[cell.value for cell in row] for row in sheet.iter_rows()],
            'formats': [[cell.number_format for cell in row] for row in sheet.iter_rows()],
        })
    return {'sheets': sheets}


print(json.dumps({'docx': read_docx(sys.argv[1]), 'xlsx': read_xlsx(sys.argv[2])}, ensure_ascii=False, default=str))
