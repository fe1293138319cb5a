"""Convert one document to PDF in a running LibreOffice, through UNO.

Run by the Python that has LibreOffice's ``uno`` module (Debian's ``/usr/bin/python3`` with ``python3-uno``), not by
the project's virtualenv, so this file imports nothing from the project or from Django::

    python3 uno_convert.py --pipe NAME [--connect-timeout SECONDS] SOURCE TARGET
    python3 uno_convert.py --pipe NAME --terminate      # ask that LibreOffice to quit
    python3 uno_convert.py --check                      # does this Python have uno?

``phoihop.reports.formats.pdf`` starts LibreOffice with ``--accept=pipe,name=NAME;urp;`` and runs this script for
each conversion. Exit status: 0 done; 2 LibreOffice did not answer on the pipe (not started yet, died or hung); 3 it
could not convert the document; 4 no ``uno`` module in this Python. The reason is on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time

CONVERTED, NO_OFFICE, FAILED, NO_UNO = 0, 2, 3, 4


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pipe", help="name of LibreOffice's UNO pipe")
    parser.add_argument("--connect-timeout", type=float, default=30.0)
    parser.add_argument("--check", action="store_true", help="only check that the uno module imports")
    parser.add_argument("--terminate", action="store_true", help="ask LibreOffice to quit")
    parser.add_argument("source", nargs="?")
    parser.add_argument("target", nargs="?")
    args = parser.parse_args(argv)
    try:
        import uno
        from com.sun.star.beans import PropertyValue
        from com.sun.star.connection import NoConnectException
        from com.sun.star.lang import DisposedException
    except ImportError as error:
        print(f"no uno module: {error}", file=sys.stderr)
        return NO_UNO
    if args.check:
        return CONVERTED
    if not (args.pipe and (args.terminate or (args.source and args.target))):
        parser.error("--pipe, and SOURCE and TARGET or --terminate, are required")

    def properties(**values):
        result = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name, prop.Value = name, value
            result.append(prop)
        return tuple(result)

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + args.connect_timeout
    while True:  # LibreOffice opens the pipe a moment after it starts
        try:
            context = resolver.resolve(f"uno:pipe,name={args.pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException as error:
            if time.monotonic() >= deadline:
                print(f"LibreOffice does not answer on its pipe: {error.Message}", file=sys.stderr)
                return NO_OFFICE
            time.sleep(0.1)
    try:
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        if args.terminate:
            try:
                desktop.terminate()
            except DisposedException:  # it quit before answering
                pass
            return CONVERTED
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(args.source),
            "_blank",
            0,
            # never run macros nor update links: the document is ours, but the server should not trust any
            properties(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0),
        )
    except DisposedException as error:  # the bridge broke: LibreOffice died or is quitting
        print(f"LibreOffice went away: {error.Message}", file=sys.stderr)
        return NO_OFFICE
    except Exception as error:
        print(f"LibreOffice could not open the document: {error}", file=sys.stderr)
        return FAILED
    if document is None:
        print("LibreOffice could not open the document", file=sys.stderr)
        return FAILED
    try:
        document.storeToURL(uno.systemPathToFileUrl(args.target), properties(FilterName="writer_pdf_Export"))
    except DisposedException as error:
        print(f"LibreOffice went away: {error.Message}", file=sys.stderr)
        return NO_OFFICE
    except Exception as error:
        print(f"LibreOffice could not write the PDF: {error}", file=sys.stderr)
        return FAILED
    finally:
        try:
            document.close(True)
        except Exception:  # closing a document LibreOffice already dropped is harmless
            pass
    return CONVERTED


if __name__ == "__main__":
    sys.exit(main())
