"""The resume parser's precision and recall per field, on 42 resumes written from
tests/data/resumes/people.toml in seven layouts (one and two columns, side by side, tables,
header and footer)
and five formats (PDF, DOCX, ODT, RTF, TXT), in English, German, French and Spanish.

python -m benchmarks.resumes            # the table, then what each resume missed
"""

import io
from typing import Any

from benchmarks.resume_corpus import Resume, corpus
from hiring.files.filetypes import sniff
from hiring.resumes.evaluation import Evaluation, evaluate
from hiring.resumes.extract import IN_CHILD, READABLE, ExtractionError, extract_text
from hiring.resumes.limits import default_limits
from hiring.resumes.parsing import parse_resume
from hiring.resumes.readers import read_document


def read(resume: Resume, *, in_process: bool = False) -> dict[str, Any] | None:
    """The parse of the resume as an upload gets it: sniffed, read (PDF, DOCX, ODT and RTF in
    the bounded child process, or by the same readers in this one with ``in_process``),
    parsed with no phone region set."""
    source = io.BytesIO(resume.content)
    file_type = sniff(source)
    if file_type not in READABLE:
        return None
    try:
        if in_process and file_type in IN_CHILD:
            text = read_document(resume.content, IN_CHILD[file_type], default_limits())
        else:
            text = extract_text(source, file_type)
    except ExtractionError:
        return None
    return parse_resume(text)


def run(*, in_process: bool = False) -> Evaluation:
    resumes = corpus()
    return evaluate((r.filename, r.person, read(r, in_process=in_process)) for r in resumes)


def main() -> None:
    evaluation = run()
    print(f"Resume parser on {len(evaluation.misses)} resumes")
    print(evaluation.table())
    print()
    for label, missed in evaluation.misses.items():
        if missed:
            print(f"{label:<32} missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
