"""The exchange's list endpoint makes a fixed number of queries, however many files it lists."""

import pytest

from exchange.models import CwrFile
from exchange.tasks import IMPORT_CWR_JOB
from tests.list_queries import assert_queries_do_not_grow, superuser_client
from wipoconnect.core import jobs

pytestmark = pytest.mark.django_db


def add_cwr_files(n):
    for i in range(n):
        job = jobs.create_job(IMPORT_CWR_JOB)
        CwrFile.objects.create(direction="in", filename=f"CW26{i:04d}.V22", version="2.2", sender="052", job=job)


def test_cwr_file_list_queries_do_not_grow_with_the_files(django_assert_max_num_queries):
    client = superuser_client()
    assert_queries_do_not_grow(client, "/api/v1/cwr-files/", add_cwr_files, 2, django_assert_max_num_queries)
