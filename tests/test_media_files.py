"""Sound and video in the media library: the door checks the bytes, the sanitiser lets posts
play only our own files, the admin adds them."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog.html import sanitize
from images.models import MediaFile
from tests.factories import PostFactory
from tests.mediafiles import mp3_bytes, mp4_bytes
from tests.worker import committed

pytestmark = pytest.mark.django_db


def test_the_door_goes_by_the_bytes_not_the_name():
    sound, _ = MediaFile.get_or_create_from_bytes("really-a-song.mp4", mp3_bytes())
    assert (sound.kind, sound.mime_type) == ("audio", "audio/mpeg")
    assert sound.file.name.endswith(".mp3")
    video, _ = MediaFile.get_or_create_from_bytes("clip.bin", mp4_bytes())
    assert (video.kind, video.file.name[-4:]) == ("video", ".mp4")
    again, created = MediaFile.get_or_create_from_bytes("copy.mp3", mp3_bytes())
    assert (again, created) == (sound, False)


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"ID3\x04\x00\x00\x00\x00\x00\x00", b"\xff\xfb"],
)
def test_what_is_not_sound_or_video_is_refused(content):
    with pytest.raises(Exception, match="not a sound or video file of an accepted kind"):
        MediaFile.get_or_create_from_bytes("song.mp3", content)
    assert not MediaFile.objects.exists()


def test_too_large_a_file_is_refused(settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(Exception, match="the largest sound or video file accepted is"):
        MediaFile.get_or_create_from_bytes("song.mp3", mp3_bytes())


def test_personal_tags_are_taken_out():
    sound, _ = MediaFile.get_or_create_from_bytes("a.mp3", mp3_bytes(id3_title="Home address"))
    video, _ = MediaFile.get_or_create_from_bytes("b.mp4", mp4_bytes(gps="+48.8584+002.2945/"))
    assert b"Home address" not in sound.file.read()
    assert b"+48.8584" not in video.file.read()


def test_players_play_only_our_own_files_and_details_stay():
    body = sanitize(
        '<figure><video controls src="https://tracker.example.com/v.mp4"></video></figure>'
        '<audio controls src="/media/av/ab/cdef/song.mp3"></audio>'
        '<video src="/media/../etc/passwd"></video><video src="//evil.example/media/x.mp4"></video>'
        "<details open><summary>More</summary><p>Hidden</p></details>"
    )
    assert "tracker.example.com" not in body and "evil.example" not in body
    assert '<audio controls="" src="/media/av/ab/cdef/song.mp3"></audio>' in body
    assert "passwd" not in body
    assert '<details open=""><summary>More</summary><p>Hidden</p></details>' in body


def test_a_post_plays_a_library_file_from_our_origin(client):
    sound, _ = MediaFile.get_or_create_from_bytes("song.mp3", mp3_bytes())
    post = PostFactory(body=sound.player("A song"))
    page = client.get(post.get_absolute_url())
    assert f'<audio controls="" preload="metadata" src="{sound.url()}"></audio>' in page.text
    assert "media-src 'self'" in page["Content-Security-Policy"]
    served = client.get(sound.url())
    assert served.status_code == 200 and served["Content-Type"] == "audio/mpeg"


def test_the_admin_adds_a_file_through_the_door(staff_client):
    url = reverse("admin:images_mediafile_add")
    refused = staff_client.post(
        url,
        {"title": "My song", "upload": SimpleUploadedFile("song.mp3", b"<html></html>")},
    )
    assert refused.status_code == 200
    assert "not a sound or video file of an accepted kind" in refused.text
    assert 'value="My song"' in refused.text  # what the author typed is kept
    added = staff_client.post(
        url, {"title": "My song", "upload": SimpleUploadedFile("song.mp3", mp3_bytes())}
    )
    assert added.status_code == 302
    sound = MediaFile.objects.get()
    assert (sound.title, sound.kind) == ("My song", "audio")
    change = staff_client.get(reverse("admin:images_mediafile_change", args=[sound.pk]))
    assert change.status_code == 200
    stored = sound.file.path
    with committed():
        staff_client.post(
            reverse("admin:images_mediafile_delete", args=[sound.pk]), {"post": "yes"}
        )
    assert not MediaFile.objects.exists()
    assert not Path(stored).exists()
