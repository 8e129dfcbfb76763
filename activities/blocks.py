"""The one StreamBlock every page body uses."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    """A section title; level 2 or 3 so the page keeps a single h1."""

    text = blocks.CharBlock(label=_("titre"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
        label=_("niveau"),
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Les ateliers du mardi", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    """A resident's or a partner's words."""

    text = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "On se sent mieux dans la cité.",
            "attribution": "Une habitante",
        }


class BodyBlock(blocks.StreamBlock):
    """Text, titles, images and quotes: enough for every page of the site."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        icon="pilcrow",
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Image"), template="blocks/image_block.html")
    quote = QuoteBlock()
