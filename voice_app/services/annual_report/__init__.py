"""The annual report: compose builds it as one typed tree, documents renders that tree to HTML,
PDF and DOCX (and its figures to CSV and XLSX)."""
