# Trigram (pg_trgm GIN) indexes for the search box on PostgreSQL: see phoihop/core/search_indexes.py.

from django.db import migrations

from phoihop.core.search_indexes import drop_trigram_indexes, ensure_trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_background_import"),
        ("accounts", "0006_email_digest"),
        ("audit", "0003_change_order_index"),
        ("border", "0005_list_order_indexes"),
        ("cadres", "0003_list_order_indexes"),
        ("movements", "0004_list_order_indexes"),
        ("orgs", "0007_list_order_indexes"),
        ("programs", "0006_list_order_indexes"),
        ("reports", "0005_list_order_indexes"),
        ("security", "0004_list_order_indexes"),
        ("work", "0009_list_order_indexes"),
    ]

    operations = [migrations.RunPython(ensure_trigram_indexes, drop_trigram_indexes, elidable=False)]
