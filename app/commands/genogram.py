"""visible genogram CASE --out FILE.svg|FILE.png [--dpi N] [--no-overlays] [--no-legend] ..."""

from __future__ import annotations

import argparse

from app.commands._common import add_case_argument, open_case
from storage.paths import shown


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "genogram", help="draw the case's genogram as an SVG or a print-resolution PNG"
    )
    add_case_argument(p)
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the picture to write: a name ending in .svg or .png",
    )
    p.add_argument(
        "--dpi",
        type=float,
        default=300.0,
        help="PNG resolution in dots per inch (default 300, for print)",
    )
    p.add_argument(
        "--no-overlays", action="store_true", help="leave out the abuse / violence / conflict lines"
    )
    p.add_argument("--no-household", action="store_true", help="leave out the household boundary")
    p.add_argument("--no-legend", action="store_true", help="leave out the key")
    p.add_argument(
        "--no-placeholders",
        action="store_true",
        help="leave out the '?' symbols for male-carer roles not yet recorded",
    )
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.genogram.rendering import render_png
    from exports.genogram.data import load_genogram_data
    from exports.genogram.picture import check_dpi, picture_format, save_picture
    from exports.genogram.shapes import GenogramOptions

    picture_format(args.out)  # a bad name or dpi is reported before the passphrase prompt
    check_dpi(args.dpi)
    options = GenogramOptions(
        show_overlays=not args.no_overlays,
        show_household=not args.no_household,
        show_legend=not args.no_legend,
        show_placeholders=not args.no_placeholders,
    )
    with open_case(args, read_only=True) as case:
        data = load_genogram_data(case)
        title = f"Genogram — {case.details().reference}"
    path = save_picture(data, args.out, options=options, dpi=args.dpi, render_png=render_png,
                        title=title)
    print(f"Wrote the genogram to {shown(path)}.")
    return 0
