"""STAC catalogs of Sentinel-2 products: presets and custom URLs.

Three presets (see ``docs/sentinel2.md`` for accounts and setup):

* ``earth-search``: Element 84 Earth Search v1 on AWS. L2A as public Cloud-Optimized
  GeoTIFFs (read with ``/vsicurl/``, no account). L1C items point at the requester-pays
  ``sentinel-s2-l1c`` bucket (``s3://`` hrefs, read with ``/vsis3/`` and AWS credentials).
* ``cdse``: the Copernicus Data Space Ecosystem STAC API. Searching is open; reading the
  JPEG 2000 files needs an account: a bearer token (``fetch_cdse_token``) for the HTTPS
  ``alternate`` hrefs, or CDSE S3 keys in ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``
  for the ``s3://eodata/...`` hrefs.
* ``planetary-computer``: Microsoft Planetary Computer; L2A COGs on Azure Blob Storage,
  readable once signed with a short-lived SAS token (``signing.py``), no account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .errors import AuthenticationRefused, CatalogUnavailable

Auth = Literal["none", "token", "planetary_computer"]

#: Earth Search v1 asset keys (common names), for L2A and L1C alike.
EARTH_SEARCH_ASSETS = {
    "B01": "coastal",
    "B02": "blue",
    "B03": "green",
    "B04": "red",
    "B05": "rededge1",
    "B06": "rededge2",
    "B07": "rededge3",
    "B08": "nir",
    "B8A": "nir08",
    "B09": "nir09",
    "B10": "cirrus",
    "B11": "swir16",
    "B12": "swir22",
    "SCL": "scl",
}
_S2_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12")
#: Planetary Computer asset keys are the band names.
PLANETARY_COMPUTER_ASSETS = {b: b for b in (*_S2_BANDS, "SCL")}
#: CDSE L2A asset keys carry the resolution (``B02_10m``); its L1C keys are the band names,
#: which the asset lookup tries next (see ``search.asset_key``).
_NATIVE_RES = {"B02": 10, "B03": 10, "B04": 10, "B08": 10, "B01": 60, "B09": 60}
CDSE_ASSETS = {b: f"{b}_{_NATIVE_RES.get(b, 20)}m" for b in _S2_BANDS} | {"SCL": "SCL_20m"}

CDSE_TOKEN_URL = (
    "https://identity.dataspace.copernicus.eu/auth/realms/CDSE/protocol/openid-connect/token"
)
PLANETARY_COMPUTER_SAS_URL = "https://planetarycomputer.microsoft.com/api/sas/v1/token"


@dataclass(frozen=True)
class Catalog:
    """A STAC API and how to read its Sentinel-2 items."""

    id: str
    name: str
    url: str
    collections: dict[str, str]  # level ("L1C", "L2A") -> collection id
    auth: Auth = "none"
    band_assets: dict[str, str] = field(default_factory=lambda: dict(EARTH_SEARCH_ASSETS))
    #: planetary_computer: token endpoint; a collection's token is at ``{sas_url}/{collection}``.
    sas_url: str | None = None
    #: token: the OpenID Connect token endpoint that turns an account into a bearer token.
    token_url: str | None = None
    #: GDAL configuration for reading this catalog's assets (e.g. the S3 endpoint).
    gdal_options: dict[str, str] = field(default_factory=dict)
    #: Where to get an account or read about the service, for people.
    help_url: str = ""


PRESETS: dict[str, Catalog] = {
    "earth-search": Catalog(
        id="earth-search",
        name="Earth Search (Element 84, AWS)",
        url="https://earth-search.aws.element84.com/v1",
        collections={"L2A": "sentinel-2-l2a", "L1C": "sentinel-2-l1c"},
        band_assets=dict(EARTH_SEARCH_ASSETS),
        gdal_options={"AWS_REQUEST_PAYER": "requester"},
        help_url="https://element84.com/earth-search/",
    ),
    "cdse": Catalog(
        id="cdse",
        name="Copernicus Data Space Ecosystem",
        url="https://stac.dataspace.copernicus.eu/v1",
        collections={"L2A": "sentinel-2-l2a", "L1C": "sentinel-2-l1c"},
        auth="token",
        band_assets=dict(CDSE_ASSETS),
        token_url=CDSE_TOKEN_URL,
        gdal_options={
            "AWS_S3_ENDPOINT": "eodata.dataspace.copernicus.eu",
            "AWS_VIRTUAL_HOSTING": "FALSE",
            "AWS_HTTPS": "YES",
        },
        help_url="https://dataspace.copernicus.eu/",
    ),
    "planetary-computer": Catalog(
        id="planetary-computer",
        name="Microsoft Planetary Computer",
        url="https://planetarycomputer.microsoft.com/api/stac/v1",
        collections={"L2A": "sentinel-2-l2a"},
        auth="planetary_computer",
        band_assets=dict(PLANETARY_COMPUTER_ASSETS),
        sas_url=PLANETARY_COMPUTER_SAS_URL,
        help_url="https://planetarycomputer.microsoft.com/dataset/sentinel-2-l2a",
    ),
}


def catalog(id_or_url: str) -> Catalog:
    """A preset by id, or a custom STAC API by URL (collections ``sentinel-2-l2a`` and
    ``sentinel-2-l1c``, assets found by Earth Search keys, band names or ``eo:bands``)."""
    key = id_or_url.strip()
    if key in PRESETS:
        return PRESETS[key]
    if key.startswith(("http://", "https://")):
        return Catalog(
            id="custom",
            name=key,
            url=key.rstrip("/"),
            collections={"L2A": "sentinel-2-l2a", "L1C": "sentinel-2-l1c"},
        )
    raise ValueError(f"unknown catalog {id_or_url!r}: use one of {sorted(PRESETS)} or a URL")


def fetch_cdse_token(
    username: str,
    password: str,
    token_url: str = CDSE_TOKEN_URL,
    client_id: str = "cdse-public",
    timeout: float = 30.0,
) -> str:
    """A CDSE access token (valid about 10 minutes) from an account's user name and password
    (OpenID Connect password grant, as the CDSE documentation shows)."""
    import requests

    form = {
        "grant_type": "password",
        "username": username,
        "password": password,
        "client_id": client_id,
    }
    try:
        response = requests.post(token_url, data=form, timeout=timeout)
    except requests.RequestException as exc:
        raise CatalogUnavailable(
            f"The login server {token_url} cannot be reached; check the network or proxy.",
            str(exc),
        ) from None
    if response.status_code in (400, 401, 403):
        raise AuthenticationRefused(
            "The Copernicus Data Space login was refused: check the user name and password.",
            response.text[:500],
        )
    if not response.ok or "access_token" not in response.text:
        raise CatalogUnavailable(
            f"The login server {token_url} answered HTTP {response.status_code}.",
            response.text[:500],
        )
    return str(response.json()["access_token"])
