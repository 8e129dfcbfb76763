"""Illustrations and logos drawn with Pillow, for the demo content.

A motif is a list of shapes in a 100 x 100 box, drawn light or dark on the
picture's colour. No text is drawn: captions and alt texts are the page's.
"""

import io
import unicodedata
from functools import cache
from math import cos, pi, sin

from PIL import Image, ImageDraw, ImageFont

# ---------------------------------------------------------------------------
# Motifs.


def _polar(cx, cy, radius, angle):
    return cx + radius * cos(angle), cy + radius * sin(angle)


def football(cx, cy, radius):
    """A ball: a dark pentagon in the middle, seams from it to the edge."""
    angles = [-pi / 2 + n * 2 * pi / 5 for n in range(5)]
    pentagon = [v for a in angles for v in _polar(cx, cy, radius * 0.35, a)]
    seams = [
        (
            "line",
            (*_polar(cx, cy, radius * 0.35, a), *_polar(cx, cy, radius * 0.95, a)),
            "dark",
        )
        for a in angles
    ]
    disc = (cx - radius, cy - radius, cx + radius, cy + radius)
    return [("ellipse", disc, "light"), ("polygon", tuple(pentagon), "dark"), *seams]


def star(cx, cy, outer, inner, points=5):
    coords = []
    for n in range(points * 2):
        radius = outer if n % 2 == 0 else inner
        coords += _polar(cx, cy, radius, -pi / 2 + n * pi / points)
    return tuple(coords)


MOTIFS = {
    "maison": [
        ("polygon", (15, 48, 50, 18, 85, 48), "light"),
        ("rectangle", (24, 46, 76, 88), "light"),
        ("rectangle", (44, 62, 56, 88), "dark"),
        ("rectangle", (29, 54, 39, 64), "dark"),
        ("rectangle", (61, 54, 71, 64), "dark"),
    ],
    "tasse": [
        ("ellipse", (22, 78, 78, 90), "light"),
        ("rectangle", (32, 44, 64, 82), "light"),
        ("ellipse", (58, 50, 80, 72), "light"),
        ("ellipse", (63, 55, 75, 67), "dark"),
        ("line", (42, 22, 45, 38), "light"),
        ("line", (50, 18, 53, 38), "light"),
        ("line", (58, 22, 61, 38), "light"),
    ],
    "ordinateur": [
        ("rectangle", (18, 20, 82, 64), "light"),
        ("rectangle", (23, 25, 77, 59), "dark"),
        ("rectangle", (28, 31, 60, 35), "light"),
        ("rectangle", (28, 40, 70, 44), "light"),
        ("rectangle", (28, 49, 52, 53), "light"),
        ("rectangle", (45, 64, 55, 76), "light"),
        ("rectangle", (32, 76, 68, 82), "light"),
    ],
    "marmite": [
        ("ellipse", (44, 22, 56, 32), "light"),
        ("ellipse", (24, 30, 76, 42), "light"),
        ("rectangle", (27, 38, 73, 80), "light"),
        ("rectangle", (16, 46, 27, 53), "light"),
        ("rectangle", (73, 46, 84, 53), "light"),
        ("rectangle", (27, 55, 73, 59), "dark"),
    ],
    "couture": [
        ("rectangle", (26, 20, 64, 28), "light"),
        ("rectangle", (31, 28, 59, 74), "dark"),
        ("line", (31, 36, 59, 44), "light"),
        ("line", (31, 50, 59, 58), "light"),
        ("rectangle", (26, 74, 64, 82), "light"),
        ("line", (72, 18, 86, 84), "light"),
    ],
    "etoile": [
        ("polygon", star(36, 46, 24, 10), "light"),
        ("ellipse", (58, 50, 86, 78), "light"),
        ("ellipse", (64, 58, 70, 64), "dark"),
        ("ellipse", (74, 58, 80, 64), "dark"),
        ("line", (65, 70, 79, 70), "dark"),
    ],
    "des": [
        ("rectangle", (16, 28, 48, 60), "light"),
        ("ellipse", (21, 33, 29, 41), "dark"),
        ("ellipse", (28, 40, 36, 48), "dark"),
        ("ellipse", (35, 47, 43, 55), "dark"),
        ("rectangle", (54, 46, 86, 78), "light"),
        ("ellipse", (59, 51, 67, 59), "dark"),
        ("ellipse", (73, 51, 81, 59), "dark"),
        ("ellipse", (59, 65, 67, 73), "dark"),
        ("ellipse", (73, 65, 81, 73), "dark"),
    ],
    "livre": [
        ("polygon", (12, 28, 49, 36, 49, 82, 12, 74), "light"),
        ("polygon", (51, 36, 88, 28, 88, 74, 51, 82), "light"),
        ("line", (19, 40, 43, 45), "dark"),
        ("line", (19, 50, 43, 55), "dark"),
        ("line", (19, 60, 43, 65), "dark"),
        ("line", (57, 45, 81, 40), "dark"),
        ("line", (57, 55, 81, 50), "dark"),
    ],
    "ballon": [
        ("rectangle", (0, 82, 100, 86), "light"),
        *football(50, 50, 26),
    ],
    "mer": [
        ("ellipse", (66, 10, 86, 30), "light"),
        ("polygon", (46, 24, 46, 56, 66, 56), "light"),
        ("polygon", (28, 58, 68, 58, 62, 66, 34, 66), "light"),
        ("rectangle", (0, 66, 100, 100), "dark"),
        ("line", (8, 76, 30, 76), "light"),
        ("line", (44, 84, 70, 84), "light"),
    ],
    "arbres": [
        ("ellipse", (70, 8, 88, 26), "light"),
        ("rectangle", (0, 84, 100, 88), "light"),
        ("rectangle", (30, 56, 36, 84), "dark"),
        ("ellipse", (16, 26, 50, 62), "light"),
        ("rectangle", (64, 62, 70, 84), "dark"),
        ("ellipse", (52, 38, 82, 68), "light"),
    ],
    "barbecue": [
        ("polygon", (40, 40, 46, 22, 52, 40), "light"),
        ("polygon", (52, 40, 58, 28, 62, 40), "light"),
        ("rectangle", (22, 40, 78, 44), "light"),
        ("ellipse", (24, 38, 76, 66), "light"),
        ("rectangle", (22, 40, 78, 50), "dark"),
        ("line", (36, 62, 28, 86), "light"),
        ("line", (64, 62, 72, 86), "light"),
    ],
    "coeur": [
        ("ellipse", (24, 24, 52, 52), "light"),
        ("ellipse", (48, 24, 76, 52), "light"),
        ("polygon", (26, 44, 74, 44, 50, 80), "light"),
    ],
    "panier": [
        ("ellipse", (24, 30, 46, 52), "light"),
        ("ellipse", (42, 24, 62, 44), "dark"),
        ("ellipse", (56, 32, 78, 54), "light"),
        ("polygon", (16, 50, 84, 50, 74, 86, 26, 86), "light"),
        ("line", (26, 62, 74, 62), "dark"),
        ("line", (28, 74, 72, 74), "dark"),
    ],
    "ruban": [
        ("polygon", star(50, 30, 16, 7), "light"),
        ("rectangle", (0, 56, 100, 64), "light"),
        ("polygon", (50, 60, 34, 48, 34, 72), "dark"),
        ("polygon", (50, 60, 66, 48, 66, 72), "dark"),
    ],
}

# ---------------------------------------------------------------------------
# Drawing.


def _shade(colour, factor):
    """``colour`` mixed with black (factor < 1) or white (factor > 1)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor <= 1:
        rgb = [round(c * factor) for c in rgb]
    else:
        rgb = [round(c + (255 - c) * (factor - 1)) for c in rgb]
    return tuple(rgb)


@cache
def _font(size):
    """DejaVu Sans when the system has it (Pillow looks in /usr/share/fonts);
    Pillow's own font otherwise, which has no accented letters."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _drawable(text, font):
    if getattr(font, "path", "").endswith("DejaVuSans.ttf"):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fitting_font(draw, text, max_width, size):
    while size > 12 and draw.textlength(text, font=_font(size)) > max_width:
        size -= 2
    return _font(size)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# What each motif shows, for the alt text: the caption next to a picture
# names the place or the activity, the alt text says what is drawn.
MOTIF_DESCRIPTIONS = {
    "maison": "une maison",
    "tasse": "une tasse de café",
    "ordinateur": "un ordinateur",
    "marmite": "une marmite",
    "couture": "des outils de couture",
    "etoile": "une étoile",
    "des": "des dés",
    "livre": "un livre",
    "ballon": "un ballon",
    "mer": "la mer",
    "arbres": "des arbres",
    "barbecue": "un barbecue",
    "coeur": "un cœur",
    "panier": "un panier",
    "ruban": "un ruban",
}


def picture_alt(motif):
    """The alt text of a demo picture: what it shows, not its caption."""
    return f"Dessin\u00a0: {MOTIF_DESCRIPTIONS[motif]}"


def draw_picture(colour, motif, size=(960, 640)):
    """A motif of simple shapes, as PNG bytes, with no text in the picture.

    The pages crop it to 2:1 (``fill-960x480``) and 4:3 (``fill-480x360``);
    the motif stays inside the middle of both, so no crop cuts it.
    """
    width, height = size
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    colours = {"light": _shade(colour, 1.85), "dark": _shade(colour, 0.55)}
    # A 2:1 crop keeps the middle height of width / 2 px; draw within 80 % of it.
    scale = min(height, width / 2) * 0.8 / 100
    left, top = (width - 100 * scale) / 2, (height - 100 * scale) / 2
    for kind, coords, tone in MOTIFS[motif]:
        points = [
            (left + x * scale, top + y * scale)
            for x, y in zip(coords[::2], coords[1::2], strict=True)
        ]
        if kind == "line":
            draw.line(points, fill=colours[tone], width=max(2, int(scale * 2)))
        else:
            getattr(draw, kind)(points, fill=colours[tone])
    return _png(image)


def draw_logo(colour, initials, size=400):
    """A coloured square with white initials, as PNG bytes."""
    image = Image.new("RGB", (size, size), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((24, 24, size - 24, size - 24), outline="white", width=8)
    font = _fitting_font(draw, initials, size * 0.6, int(size * 0.36))
    text = _drawable(initials, font)
    draw.text((size / 2, size / 2), text, fill="white", font=font, anchor="mm")
    return _png(image)
