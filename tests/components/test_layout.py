"""The venue's contacts and hours, written once for the footer, the home and the contact page."""

from xplorium.components.layout import CONTACT_ICONS, opening_hours_card, venue_contacts


def test_the_contacts_link_the_phone_and_the_email():
    address, phone, email = (str(line) for line in venue_contacts("3"))
    assert "tel:" in phone and "mailto:" in email and "address" in address
    assert len(CONTACT_ICONS) == 3


def test_the_hours_card_heading_fits_the_page_outline():
    assert 'as:"h3"' in str(opening_hours_card("h3"))
