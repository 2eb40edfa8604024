"""Images on the reader's pages: responsive markup made at save time, at a fixed query cost."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from images.models import Usage
from tests.factories import PostFactory
from tests.imagefiles import figure, library_image
from tests.pages import cold_caches, main_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    return library_image("harbour.jpg", alt_text="Boats in the harbour", caption="The harbour")


def srcset_widths(tag, image_format_ext):
    srcset = re.search(r'srcset="([^"]*)"', tag).group(1)
    return [
        int(width)
        for url, width in re.findall(r"(\S+) (\d+)w", srcset)
        if url.endswith(image_format_ext)
    ]


def test_post_page_shows_the_featured_image_as_a_responsive_picture(client, photo):
    post = PostFactory(featured_image=photo)
    html = main_of(client.get(post.get_absolute_url()))
    picture = re.search(r'<figure class="featured-image"><picture>.*?</picture>', html).group(0)
    source = re.search(r"<source [^>]*>", picture).group(0)
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert 'type="image/webp"' in source
    assert srcset_widths(source, ".webp") == [320, 640, 960, 1280, 1400]
    assert srcset_widths(img, ".jpg") == [320, 640, 960, 1280, 1400]
    assert 'width="1400"' in img and 'height="1050"' in img
    assert 'alt="Boats in the harbour"' in img
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img
    assert 'decoding="async"' in img and "sizes=" in img
    assert "<figcaption>The harbour</figcaption>" in html
    for url in re.findall(r"(/media/\S+) \d+w", picture):
        assert client.get(url).status_code == 200


def test_home_shows_a_lazy_thumbnail_after_the_first(client, photo):
    PostFactory.create_batch(2, featured_image=photo)
    html = main_of(client.get("/"))
    thumbnails = re.findall(r'<a class="post-thumbnail"[^>]*><picture>.*?<img ([^>]*)>', html)
    assert len(thumbnails) == 2
    assert 'loading="eager"' in thumbnails[0] and 'loading="lazy"' in thumbnails[1]
    assert 'sizes="(min-width: 40rem) 12rem, 7rem"' in thumbnails[0]


def test_body_figures_from_the_library_become_responsive_when_the_post_is_saved(client, photo):
    post = PostFactory(body=f"<p>Before.</p>{figure(photo, alt='')}<p>After.</p>")
    assert '<figure class="figure"><picture><source type="image/webp"' in post.body
    img = re.search(r"<img [^>]*>", post.body).group(0)
    assert srcset_widths(img, ".jpg") == [320, 640, 960, 1280, 1400]
    assert 'width="1400"' in img and 'height="1050"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'alt="Boats in the harbour"' in img  # the library's, the editor left it empty
    assert '<figcaption class="figure-caption">A caption</figcaption></figure>' in post.body
    html = main_of(client.get(post.get_absolute_url()))
    assert img in html


def test_alt_text_typed_in_the_editor_wins_and_saving_again_changes_nothing(photo):
    post = PostFactory(body=figure(photo, alt="Boats at dawn"))
    assert 'alt="Boats at dawn"' in post.body
    first = post.body
    post.save()
    assert post.body == first


def test_images_not_from_the_library_are_left_as_they_are(photo):
    post = PostFactory(body='<p><img src="/elsewhere.png" alt="x"></p>')
    assert post.body == '<p><img src="/elsewhere.png" alt="x"></p>'


def test_usage_is_recorded_for_featured_and_body_images(photo):
    other = library_image("other.jpg")
    post = PostFactory(featured_image=photo, body=figure(other) + figure(photo))
    assert set(Usage.objects.of(post).values_list("image", "role")) == {
        (photo.pk, "featured"),
        (photo.pk, "body"),
        (other.pk, "body"),
    }
    assert Usage.objects.count() == 3
    post.body = "<p>No more images.</p>"
    post.featured_image = None
    post.save()
    assert not Usage.objects.exists()


def test_image_url_tag_gives_an_absolute_url_for_sharing(photo):
    request = RequestFactory().get("/")
    template = Template(
        "{% load image_tags %}{% image_url image 1200 absolute=True %}|{% image_url None %}"
    )
    url = template.render(Context({"image": photo, "request": request}))
    assert url == f"http://testserver{photo.url(1200)}|"
    assert url.split("|")[0].endswith("-1280w.jpg")


@pytest.mark.parametrize("count", [1, 10])
def test_home_query_count_is_fixed_with_featured_images(
    client, django_assert_num_queries, photo, count
):
    for _ in range(count):
        PostFactory(featured_image=photo, body=figure(photo))
    cold_caches()
    with django_assert_num_queries(10):  # as tests/test_queries.py: images cost nothing more
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_post_page_query_count_is_fixed_with_images(
    client, django_assert_num_queries, photo, count
):
    body = "".join(figure(library_image(f"p{n}.jpg", size=(400, 300))) for n in range(count))
    post = PostFactory(featured_image=photo, body=body)
    # Cold caches, counted as in tests/test_metadata.py, less the related posts query (no
    # categories or tags here); the images add none
    cold_caches()
    with django_assert_num_queries(12):
        assert client.get(post.get_absolute_url()).status_code == 200


def test_saving_other_fields_only_leaves_the_recorded_usage_alone(photo, django_assert_num_queries):
    post = PostFactory(featured_image=photo)
    post.comment_count = 3
    # The UPDATE, and the next scheduled post for the new content version: no usage queries.
    with django_assert_num_queries(2):
        post.save(update_fields=["comment_count"])
    assert Usage.objects.of(post).filter(role="featured").exists()
