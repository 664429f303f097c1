from pipeline.listing import legal_basis, pasal17_text


def test_pasal17_reads_like_a_decision():
    assert (
        pasal17_text("17.a.2; 17.h.1; 17.h.2")
        == "Pasal 17 huruf a angka 2 serta huruf h angka 1 dan 2"
    )


def test_legal_basis_names_uu_kip_then_the_other_law():
    assert legal_basis("17.h.1", "Pasal 4 UU Nomor 27 Tahun 2022") == (
        "Pasal 17 huruf h angka 1 Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi "
        "Publik; Pasal 4 UU Nomor 27 Tahun 2022"
    )
    assert legal_basis("", "Pasal 19 UU Nomor 11 Tahun 2012") == "Pasal 19 UU Nomor 11 Tahun 2012"
