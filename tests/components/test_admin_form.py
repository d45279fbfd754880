"""The back-office form helpers build each field the same way: label, control, hint, error."""

import reflex as rx

from xplorium.components.admin_form import bilingual_fields, field_factory, form_text_area
from xplorium.components.admin_layout import hairline

FORM = rx.Var.create({"title": "Igraonica", "title_en": ""})
ERRORS = rx.Var.create({"title": "Required."})


def test_a_field_is_labelled_named_and_read_out_with_its_error():
    text = str(field_factory(FORM, ERRORS)("Title", "title", max_length=20, hint="Short."))
    assert 'htmlFor:"title"' in text
    assert 'id:"title"' in text and 'name:"title"' in text and "maxLength:20" in text
    assert 'id:"title-error"' in text and "Short." in text


def test_a_field_takes_its_control_and_the_controls_arguments():
    text = str(field_factory(FORM, ERRORS)("Title", "title", form_text_area, rows="3"))
    assert "RadixThemesTextArea" in text and 'rows:"3"' in text


def test_bilingual_fields_are_the_field_and_its_english_twin():
    labels = ("Title (Serbian)", "Title in English", "Optional.")
    serbian, english = bilingual_fields(field_factory(FORM, ERRORS), "title", labels)
    assert 'htmlFor:"title"' in str(serbian)
    assert 'htmlFor:"title_en"' in str(english) and "Optional." in str(english)


def test_hairline_is_one_pixel_of_the_gray_scale_by_default():
    assert str(hairline()) == str(f"1px solid {rx.color('gray', 4)}")
    assert str(hairline(6, "dashed")) == str(f"1px dashed {rx.color('gray', 6)}")
