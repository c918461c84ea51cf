"""TOTP enrolment and recovery codes, on top of django-otp's devices."""

import base64
import secrets

import segno
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_for_humans(device: TOTPDevice) -> str:
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """An inline SVG QR code of the otpauth:// address: drawn here, never fetched from elsewhere."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff", omitsize=True)


def confirm_device(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token.replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return True


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh single-use ones and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [secrets.token_hex(8) for _ in range(RECOVERY_CODE_COUNT)]  # 64 random bits each (SR-18)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
