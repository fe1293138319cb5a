"""The 54 ethnic groups of Viet Nam with the codes of Quyết định 1019/QĐ-TCTK (12/11/2008) of the General
Statistics Office — the codes of the national population database — and each group's number in the earlier list of
Quyết định 121-TCTK/PPCĐ (02/03/1979), which older files carry (the two lists order the groups differently: 1979
puts Hoa 04 and Mường 06, Ngái 11, Ê đê 12 …; 2008 follows the 1999 census, Mường 04, Hoa 06, Ê đê 11, Ngái 43 …).
Only the Kinh are not an ethnic minority."""

from django.db import migrations

GROUPS = [
    # code (QĐ 1019/QĐ-TCTK 2008), name, code in the 1979 list (QĐ 121-TCTK/PPCĐ)
    ("01", "Kinh", "01"),
    ("02", "Tày", "02"),
    ("03", "Thái", "03"),
    ("04", "Mường", "06"),
    ("05", "Khơ me", "05"),
    ("06", "Hoa", "04"),
    ("07", "Nùng", "07"),
    ("08", "Mông", "08"),
    ("09", "Dao", "09"),
    ("10", "Gia rai", "10"),
    ("11", "Ê đê", "12"),
    ("12", "Ba na", "13"),
    ("13", "Sán chay", "15"),
    ("14", "Chăm", "17"),
    ("15", "Cơ ho", "16"),
    ("16", "Xơ đăng", "14"),
    ("17", "Sán dìu", "18"),
    ("18", "Hrê", "19"),
    ("19", "Ra glai", "21"),
    ("20", "Mnông", "20"),
    ("21", "Thổ", "24"),
    ("22", "Xtiêng", "22"),
    ("23", "Khơ mú", "29"),
    ("24", "Bru-Vân kiều", "23"),
    ("25", "Cơ tu", "26"),
    ("26", "Giáy", "25"),
    ("27", "Tà ôi", "31"),
    ("28", "Mạ", "28"),
    ("29", "Gié-Triêng", "27"),
    ("30", "Co", "30"),
    ("31", "Chơ ro", "32"),
    ("32", "Xinh mun", "34"),
    ("33", "Hà nhì", "35"),
    ("34", "Chu ru", "36"),
    ("35", "Lào", "37"),
    ("36", "Kháng", "33"),
    ("37", "La chí", "38"),
    ("38", "Phù lá", "40"),
    ("39", "La hủ", "41"),
    ("40", "La ha", "39"),
    ("41", "Pà thẻn", "46"),
    ("42", "Lự", "42"),
    ("43", "Ngái", "11"),
    ("44", "Chứt", "44"),
    ("45", "Lô lô", "43"),
    ("46", "Mảng", "45"),
    ("47", "Cơ lao", "47"),
    ("48", "Bố y", "49"),
    ("49", "Cống", "48"),
    ("50", "Si la", "50"),
    ("51", "Pu péo", "51"),
    ("52", "Rơ măm", "54"),
    ("53", "Brâu", "52"),
    ("54", "Ơ đu", "53"),
]


def seed(apps, schema_editor):
    EthnicGroup = apps.get_model("cadres", "EthnicGroup")
    for code, name, code_1979 in GROUPS:
        if not EthnicGroup.objects.filter(code=code, deleted_at__isnull=True).exists():
            EthnicGroup.objects.create(
                code=code,
                name=name,
                code_1979=code_1979,
                is_minority=code != "01",
                sort_order=int(code),
                search_text=fold(code, name),
            )


def fold(*parts):
    from phoihop.core.text import fold as fold_text

    return fold_text(" ".join(parts))


def unseed(apps, schema_editor):
    apps.get_model("cadres", "EthnicGroup").objects.filter(code__in=[g[0] for g in GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
