"""Hand-made reference lists for synthetic demo data. Plain data, no logic beyond splitting lists.

Calibration (docs: /work/shared/DOMAIN.md, "Scale"): inflow 2024 by source IND 11,180, police 2,860,
KMar 880, other 2,480; closed 2024 about 15,900 of which 5,990 demonstrable (about half forced) and
5,740 without supervision; top nationalities Syrian, Algerian, Moroccan, Turkish, Nigerian. The weights
below after the top five are plausible guesses, not published figures.

Names are common given and family names of each country, in the Latin transliterations Dutch
registrations use; combined at random they describe nobody in particular.
"""

from __future__ import annotations

from dataclasses import dataclass


def _n(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class Country:
    code: str
    weight: float
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    places: tuple[str, ...]
    # The language a person of this country most likely speaks first: (ISO 639 code, weight).
    languages: tuple[tuple[str, float], ...]
    # Further languages, each with the probability that a person also speaks it.
    extra_languages: tuple[tuple[str, float], ...] = ()
    # Nationalities sometimes established instead of the claimed one (language analysis, presentation).
    established_instead: tuple[str, ...] = ()


COUNTRIES: tuple[Country, ...] = (
    Country(
        "SY",
        10.0,
        _n(
            "Mohammed, Ahmad, Mahmoud, Khaled, Omar, Hussein, Ali, Abdullah, Youssef, Mustafa, Ibrahim, Hassan,"
            "Rami, Fadi, Samer, Tarek, Ammar, Bilal, Hamza, Wael, Nizar, Ayham, Majd, Firas, Abdulrahman, Anas,"
            "Jamil, Ziad, Yamen, Louay"
        ),
        _n(
            "Fatima, Aisha, Rania, Hala, Nour, Lina, Rasha, Mariam, Zainab, Amal, Dima, Reem, Heba, Salma, Yasmin,"
            "Ghada, Razan, Samar"
        ),
        _n(
            "Al-Ahmad, Al-Hassan, Al-Ali, Haddad, Khalil, Al-Khatib, Hamdan, Al-Masri, Al-Hamoud, Darwish,"
            "Al-Sheikh, Al-Zoubi, Al-Halabi, Kanaan, Suleiman, Najjar, Al-Issa, Shaheen, Al-Rifai, Mansour,"
            "Al-Jasem, Al-Omar, Qassem, Al-Hariri, Abboud, Nasser, Al-Saleh, Hamwi, Al-Mohammad, Rahal"
        ),
        _n("Damascus, Aleppo, Homs, Idlib, Deir ez-Zor, Daraa, Latakia, Hasakah, Raqqa, Hama, Qamishli"),
        (("ar", 0.88), ("kmr", 0.12)),
        (("en", 0.12), ("tr", 0.05)),
        ("IQ", "DZ", "MA", "XX"),
    ),
    Country(
        "DZ",
        8.0,
        _n(
            "Mohamed, Karim, Yacine, Sofiane, Nassim, Bilal, Amine, Rachid, Mourad, Nabil, Samir, Farid,"
            "Abdelkader, Youcef, Walid, Hamza, Riad, Djamel, Khaled, Mehdi, Ilyes, Lotfi, Fares, Redouane"
        ),
        _n("Amina, Meriem, Nadia, Samira, Sarah, Lamia, Kahina, Lynda, Fatiha, Souad, Imane, Nesrine, Yasmina,Hayat"),
        _n(
            "Benali, Boukhris, Belkacem, Haddad, Mansouri, Benaissa, Saidi, Bouzid, Hamidi, Ouali, Cherif,"
            "Benmoussa, Laribi, Zerrouki, Amrani, Meziane, Brahimi, Touati, Guerfi, Djebbar, Bensalem, Khelifi,"
            "Bouaziz, Slimani, Aouadi, Taleb, Medjahed, Belhadj"
        ),
        _n("Algiers, Oran, Constantine, Annaba, Tizi Ouzou, Sétif, Blida, Béjaïa, Tlemcen, Batna"),
        (("ar", 0.85), ("kab", 0.15)),
        (("fr", 0.45),),
        ("MA", "TN"),
    ),
    Country(
        "MA",
        8.0,
        _n(
            "Mohamed, Youssef, Hamza, Mehdi, Anouar, Ayoub, Bilal, Said, Abdellah, Rachid, Hicham, Karim, Khalid,"
            "Mustapha, Nordin, Soufiane, Ilias, Zakaria, Othmane, Brahim, Abdelhak, Driss, Jamal, Hassan"
        ),
        _n(
            "Fatima, Khadija, Naima, Latifa, Samira, Hanane, Soukaina, Meryem, Imane, Salma, Zineb, Houda, Malika,Siham"
        ),
        _n(
            "El Amrani, Benali, Bouzid, El Idrissi, Ait Ouali, Ouahbi, Azzouzi, Bennani, Chaouki, El Haddouchi,"
            "Mourabit, El Ouazzani, Lahlou, Tahiri, Berrada, Akhnouch, El Khattabi, Ziani, Amezian, Bakkali,"
            "Ouchen, El Fassi, Haddouch, Boukhari, Tazi, Moussaoui, Aberkane"
        ),
        _n("Casablanca, Tangier, Nador, Al Hoceima, Fès, Oujda, Tétouan, Marrakech, Rabat, Berkane"),
        (("ar", 0.7), ("rif", 0.22), ("tzm", 0.08)),
        (("fr", 0.35), ("es", 0.1)),
        ("DZ",),
    ),
    Country(
        "TR",
        6.5,
        _n(
            "Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, Murat, Emre, Burak, Serkan, Yusuf, Ömer, Kemal,"
            "Osman, Ramazan, Fatih, Volkan, Erkan, Halil, Cem, Kadir, Selim, Onur"
        ),
        _n("Ayşe, Fatma, Emine, Hatice, Zeynep, Elif, Meryem, Esra, Büşra, Özlem, Derya, Gül, Songül, Sevgi"),
        _n(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç,"
            "Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Korkmaz, Güneş, Aksoy, Bulut, Tekin, Acar"
        ),
        _n("Istanbul, Ankara, Gaziantep, Diyarbakır, Kayseri, Konya, İzmir, Şanlıurfa, Adana, Van"),
        (("tr", 0.8), ("kmr", 0.2)),
        (("en", 0.1), ("nl", 0.04)),
    ),
    Country(
        "NG",
        5.5,
        _n(
            "Chinedu, Emeka, Oluwaseun, Tunde, Ibrahim, Musa, Samuel, Daniel, Godwin, Osagie, Efosa, Uche, Ikenna,"
            "Adewale, Babatunde, Sunday, Friday, Kelechi, Nnamdi, Abubakar, Usman, Victor, Emmanuel"
        ),
        _n(
            "Blessing, Joy, Chioma, Ngozi, Funmilayo, Aisha, Esther, Favour, Precious, Grace, Osaretin, Adaeze,"
            "Omolara, Patience"
        ),
        _n(
            "Okafor, Adeyemi, Okonkwo, Eze, Ogunleye, Osagie, Igbinedion, Obi, Nwosu, Balogun, Adebayo, Ibrahim,"
            "Bello, Okoro, Uzor, Ogbonna, Omoregie, Edosa, Abiodun, Akinola, Olawale, Nnadi, Chukwu, Okeke, Ekpo,"
            "Effiong, Danjuma, Yusuf"
        ),
        _n("Lagos, Benin City, Ibadan, Kano, Port Harcourt, Enugu, Abuja, Onitsha, Warri, Owerri"),
        (("en", 0.6), ("pcm", 0.15), ("yo", 0.1), ("ig", 0.1), ("ha", 0.05)),
        (("en", 0.5),),
    ),
    Country(
        "IQ",
        5.0,
        _n(
            "Mohammed, Ali, Hussein, Ahmed, Haider, Mustafa, Abbas, Karrar, Ammar, Sajjad, Hassan, Omar, Zaid,"
            "Yasir, Muhannad, Hawkar, Rebwar, Karwan, Dler, Shwan, Saman, Aram"
        ),
        _n("Zainab, Fatima, Noor, Maryam, Hawraa, Sara, Ruqaya, Shilan, Hana, Ban, Sawsan, Rozhin, Avan, Nasreen"),
        _n(
            "Al-Jubouri, Al-Obaidi, Al-Dulaimi, Al-Tamimi, Al-Saadi, Al-Shammari, Al-Rubaie, Al-Musawi, Hamad,"
            "Kareem, Jabbar, Abdullah, Rashid, Ahmed, Mahmood, Aziz, Qader, Salih, Othman, Hama, Faraj, Hussein"
        ),
        _n("Baghdad, Mosul, Erbil, Sulaymaniyah, Basra, Kirkuk, Duhok, Najaf, Karbala"),
        (("ar", 0.6), ("ckb", 0.3), ("kmr", 0.1)),
        (("en", 0.1), ("fa", 0.05)),
        ("SY", "IR"),
    ),
    Country(
        "AF",
        4.5,
        _n(
            "Mohammad, Ahmad, Abdul, Ali, Hamid, Jawad, Mustafa, Rahmatullah, Zabihullah, Farid, Sayed, Nasir,"
            "Wahid, Hekmatullah, Rahim, Jamshid, Reza, Mujtaba, Karim, Bilal, Shafiq"
        ),
        _n(
            "Fatima, Maryam, Zahra, Masooma, Nargis, Shabnam, Farzana, Habiba, Laila, Parwana, Sima, Gulalai,"
            "Mursal, Khadija"
        ),
        _n(
            "Ahmadi, Hosseini, Rahimi, Karimi, Mohammadi, Rezaei, Haidari, Sultani, Noori, Jafari, Hakimi, Amiri,"
            "Stanikzai, Popal, Safi, Wardak, Sadat, Azizi, Rahmani, Sharifi, Nazari, Akbari, Qaderi, Habibi"
        ),
        _n("Kabul, Herat, Mazar-i-Sharif, Kandahar, Jalalabad, Ghazni, Kunduz, Bamyan, Mashhad (Iran)"),
        (("prs", 0.6), ("ps", 0.35), ("fa", 0.05)),
        (("en", 0.1), ("ur", 0.05)),
        ("IR", "PK"),
    ),
    Country(
        "ER",
        4.0,
        _n(
            "Yonas, Tesfay, Dawit, Mehari, Filmon, Samuel, Yohannes, Biniam, Daniel, Kidane, Habtom, Mulugeta,"
            "Robel, Semere, Tekle, Aron, Ermias, Henok, Mussie, Solomon"
        ),
        _n("Helen, Saba, Selam, Senait, Rahwa, Lidia, Almaz, Yordanos, Feven, Winta, Mebrat, Tsega, Elsa, Luwam"),
        # Eritreans carry their father's given name as second name; registered here as the family name.
        _n(
            "Tesfamariam, Gebremedhin, Habte, Tekle, Kidane, Berhane, Ghebreyesus, Haile, Woldu, Mehari, Yemane,"
            "Asmerom, Abraha, Tewelde, Ghirmay, Negash, Okbay, Measho, Zerai, Sium, Tsegay, Andemariam"
        ),
        _n("Asmara, Keren, Mendefera, Massawa, Adi Keyh, Dekemhare, Barentu"),
        (("ti", 0.9), ("tig", 0.1)),
        (("am", 0.15), ("ar", 0.1), ("en", 0.1)),
        ("ET",),
    ),
    Country(
        "GE",
        4.0,
        _n(
            "Giorgi, Davit, Levan, Irakli, Nikoloz, Zurab, Tornike, Lasha, Gocha, Mamuka, Beka, Shota, Vakhtang,"
            "Giga, Luka, Otar, Revaz, Besik"
        ),
        _n("Nino, Tamar, Mariam, Ketevan, Natia, Salome, Ana, Eka, Tamuna, Manana, Lela, Sopho"),
        _n(
            "Beridze, Kapanadze, Gelashvili, Maisuradze, Giorgadze, Lomidze, Tsiklauri, Bolkvadze, Nozadze,"
            "Khutsishvili, Shengelia, Kvaratskhelia, Abashidze, Jgharkava, Gogoladze, Chkheidze, Tabatadze,"
            "Lortkipanidze, Kiknadze, Mikeladze, Javakhishvili"
        ),
        _n("Tbilisi, Kutaisi, Batumi, Rustavi, Zugdidi, Gori, Poti"),
        (("ka", 1.0),),
        (("ru", 0.6), ("en", 0.1)),
    ),
    Country(
        "AL",
        3.5,
        _n(
            "Arben, Ardit, Besnik, Dritan, Elton, Erion, Florian, Gentian, Klodian, Ledio, Marsel, Redon, Sokol,"
            "Ilir, Altin, Endrit, Kristi, Blerim, Fatos, Bledar"
        ),
        _n("Ana, Anisa, Arjola, Elira, Enkeleda, Fjona, Klea, Megi, Ornela, Xhensila, Rezarta, Blerina, Dorina,Jonida"),
        _n(
            "Hoxha, Shehu, Gjoka, Leka, Krasniqi, Berisha, Dervishi, Kola, Marku, Hysa, Çela, Basha, Prifti, Lika,"
            "Mema, Kuqi, Tafa, Sula, Gashi, Bajrami, Zeneli"
        ),
        _n("Tirana, Durrës, Shkodër, Elbasan, Vlorë, Fier, Korçë, Berat"),
        (("sq", 1.0),),
        (("it", 0.25), ("en", 0.2), ("el", 0.05)),
    ),
    Country(
        "TN",
        3.5,
        _n(
            "Mohamed, Ahmed, Amine, Anis, Aymen, Bilel, Hamza, Houssem, Karim, Mehdi, Nabil, Oussema, Sami,"
            "Skander, Wassim, Yassine, Zied, Fedi, Khalil, Mourad"
        ),
        _n("Amira, Asma, Fatma, Ines, Mariem, Nour, Rim, Sarra, Yosra, Olfa, Sonia, Hajer"),
        _n(
            "Ben Salah, Trabelsi, Gharbi, Jaziri, Hammami, Ben Ammar, Mejri, Dridi, Sassi, Ayari, Jebali, Bouazizi,"
            "Chebbi, Khelifi, Mabrouk, Ben Youssef, Riahi, Baccouche, Zouari, Ferchichi, Hamdi, Karoui"
        ),
        _n("Tunis, Sfax, Sousse, Kairouan, Bizerte, Gabès, Ben Guerdane, Monastir"),
        (("ar", 1.0),),
        (("fr", 0.5), ("it", 0.08)),
        ("LY", "DZ"),
    ),
    Country(
        "UA",
        3.0,
        _n(
            "Oleksandr, Andriy, Serhiy, Dmytro, Volodymyr, Mykola, Ivan, Yuriy, Vasyl, Oleh, Taras, Bohdan,"
            "Maksym, Artem, Vitaliy, Roman"
        ),
        _n("Olena, Natalia, Iryna, Tetiana, Oksana, Yulia, Svitlana, Kateryna, Anastasiia, Mariia, Halyna,Liudmyla"),
        _n(
            "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boyko, Kovalchuk, Oliynyk,"
            "Polishchuk, Lysenko, Marchenko, Savchenko, Rudenko, Moroz, Petrenko, Klymenko, Pavlenko, Hrytsenko,"
            "Ponomarenko"
        ),
        _n("Kyiv, Kharkiv, Odesa, Dnipro, Lviv, Zaporizhzhia, Mykolaiv"),
        (("uk", 0.7), ("ru", 0.3)),
        (("ru", 0.5), ("en", 0.2)),
        ("MD", "RU"),
    ),
    Country(
        "IR",
        2.5,
        _n(
            "Reza, Mohammad, Ali, Hossein, Mehdi, Amir, Hamid, Saeed, Majid, Behnam, Arash, Farhad, Kourosh,"
            "Babak, Navid, Omid, Peyman, Siamak"
        ),
        _n("Maryam, Zahra, Fatemeh, Leila, Narges, Shirin, Parisa, Mahsa, Nasrin, Roya, Sara, Azadeh"),
        _n(
            "Hosseini, Mohammadi, Ahmadi, Rezaei, Moradi, Karimi, Jafari, Rahimi, Kazemi, Ghasemi, Sadeghi,"
            "Hashemi, Ebrahimi, Mousavi, Rostami, Tehrani, Sharifi, Najafi, Salehi, Akbari"
        ),
        _n("Tehran, Mashhad, Isfahan, Tabriz, Shiraz, Ahvaz, Kermanshah"),
        (("fa", 0.85), ("az", 0.1), ("ckb", 0.05)),
        (("en", 0.25),),
    ),
    Country(
        "YE",
        2.0,
        _n("Mohammed, Ahmed, Ali, Abdulrahman, Saleh, Fahd, Nasser, Abdo, Hamood, Waleed, Mohsen, Khaled"),
        _n("Fatima, Amal, Arwa, Huda, Sumaya, Afrah, Nadia, Bushra"),
        _n(
            "Al-Hakimi, Al-Ansi, Al-Sharabi, Al-Maqtari, Al-Adeni, Saif, Qaid, Al-Wazir, Al-Hadi, Ghaleb,"
            "Al-Yafei, Al-Shami"
        ),
        _n("Sana'a, Aden, Taiz, Hodeidah, Ibb, Mukalla"),
        (("ar", 1.0),),
        (("en", 0.1),),
    ),
    Country(
        "SO",
        2.0,
        _n("Abdi, Mohamed, Ahmed, Abdirahman, Hassan, Farah, Ali, Yusuf, Omar, Abdullahi, Mahad, Ismail, Liban,Hamza"),
        _n("Fadumo, Hodan, Asha, Amina, Sahra, Ifrah, Khadra, Hawo, Nimco, Sagal, Ubah, Deeqa"),
        _n("Mohamed, Hassan, Ali, Abdi, Farah, Warsame, Jama, Hersi, Osman, Aden, Nur, Omar, Guled, Egal, Duale,Ahmed"),
        _n("Mogadishu, Hargeisa, Kismayo, Baidoa, Beledweyne, Bosaso"),
        (("so", 1.0),),
        (("ar", 0.15), ("en", 0.15)),
        ("ET",),
    ),
    Country(
        "ET",
        1.5,
        _n(
            "Abebe, Dawit, Tesfaye, Getachew, Solomon, Bereket, Yonatan, Mulugeta, Girma, Ermias, Kebede, Tadesse,"
            "Abdi, Lemma"
        ),
        _n("Tigist, Meron, Hiwot, Selamawit, Bethlehem, Mekdes, Aster, Hanna, Rahel, Tsion"),
        _n(
            "Alemu, Bekele, Tadesse, Haile, Gebre, Tesfaye, Mengistu, Kebede, Wolde, Desta, Ayele, Girma, Abebe,"
            "Negash, Lemma, Hailu"
        ),
        _n("Addis Ababa, Dire Dawa, Gondar, Mekelle, Jimma, Bahir Dar"),
        (("am", 0.6), ("om", 0.25), ("ti", 0.15)),
        (("en", 0.2),),
        ("ER",),
    ),
    Country(
        "LY",
        1.5,
        _n("Mohamed, Ahmed, Ali, Abdulsalam, Faraj, Mansour, Salem, Mustafa, Osama, Tarek, Marwan, Nouri"),
        _n("Fatima, Aisha, Salma, Hana, Mabruka, Asma, Amal, Reem"),
        _n(
            "Al-Warfalli, Al-Obeidi, Al-Mismari, Ben Ali, Al-Zuwayy, Shalabi, Al-Mahmoudi, Gaddour, Al-Fitouri,"
            "Ben Hamed, Al-Barasi, Zlitni"
        ),
        _n("Tripoli, Benghazi, Misrata, Sabha, Zawiya"),
        (("ar", 1.0),),
        (("en", 0.15),),
        ("TN", "EG", "SD"),
    ),
    Country(
        "EG",
        1.5,
        _n("Mohamed, Ahmed, Mahmoud, Mostafa, Amr, Tamer, Karim, Hany, Sherif, Islam, Ayman, Wael, Ibrahim,Hossam"),
        _n("Fatma, Mona, Nada, Heba, Yasmine, Aya, Dina, Rana, Nermeen, Shaimaa"),
        _n(
            "Abdelrahman, El-Sayed, Hassan, Mahmoud, Ibrahim, Farouk, Mostafa, Soliman, Ragab, Shehata,"
            "Abdelaziz, Fawzy, Gaber, Hamed, Zaki, Morsy"
        ),
        _n("Cairo, Alexandria, Giza, Mansoura, Asyut, Tanta"),
        (("ar", 1.0),),
        (("en", 0.3),),
    ),
    Country(
        "PK",
        1.5,
        _n(
            "Muhammad, Ali, Ahmed, Usman, Bilal, Imran, Asif, Kashif, Faisal, Zeeshan, Waqas, Hamza, Naveed,"
            "Shahid, Tariq, Adnan"
        ),
        _n("Ayesha, Fatima, Sana, Amna, Hina, Saima, Nadia, Rabia, Mehwish, Sadia"),
        _n(
            "Khan, Ahmed, Hussain, Malik, Butt, Chaudhry, Qureshi, Sheikh, Iqbal, Raza, Akhtar, Javed, Mirza,"
            "Shah, Aslam, Bhatti"
        ),
        _n("Lahore, Karachi, Gujrat, Sialkot, Rawalpindi, Peshawar, Faisalabad"),
        (("ur", 0.6), ("pa", 0.3), ("ps", 0.1)),
        (("en", 0.4),),
    ),
    Country(
        "MD",
        2.0,
        _n("Ion, Vasile, Alexandru, Andrei, Sergiu, Mihai, Vitalie, Nicolae, Dumitru, Igor, Victor, Ruslan,Gheorghe"),
        _n("Maria, Elena, Natalia, Ana, Tatiana, Olga, Svetlana, Cristina, Irina, Ludmila"),
        _n(
            "Rusu, Ceban, Ciobanu, Turcan, Cebotari, Sandu, Moraru, Popa, Lungu, Munteanu, Rotari, Cojocaru,"
            "Balan, Bivol, Gutu, Sirbu, Ursu"
        ),
        _n("Chișinău, Bălți, Cahul, Orhei, Ungheni, Soroca"),
        (("ro", 0.75), ("ru", 0.25)),
        (("ru", 0.5),),
    ),
    Country(
        "RS",
        1.0,
        _n("Nikola, Marko, Stefan, Milan, Nemanja, Aleksandar, Dejan, Dragan, Miloš, Vladimir, Zoran, Dušan"),
        _n("Jelena, Milica, Marija, Ana, Ivana, Jovana, Snežana, Dragana, Tijana, Vesna"),
        _n(
            "Jovanović, Petrović, Nikolić, Marković, Đorđević, Stojanović, Ilić, Stanković, Pavlović, Popović,"
            "Kostić, Ristić, Todorović"
        ),
        _n("Belgrade, Niš, Novi Sad, Kragujevac, Subotica"),
        (("sr", 0.85), ("rom", 0.15)),
        (("en", 0.2), ("de", 0.1)),
    ),
    Country(
        "BR",
        1.0,
        _n(
            "João, Pedro, Lucas, Gabriel, Rafael, Thiago, Bruno, Felipe, Rodrigo, Marcelo, Leandro, Diego,"
            "Anderson, Wellington"
        ),
        _n("Ana, Maria, Juliana, Fernanda, Camila, Patrícia, Aline, Bruna, Letícia, Vanessa, Jéssica"),
        _n(
            "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro,"
            "Martins, Carvalho, Almeida, Barbosa"
        ),
        _n("São Paulo, Rio de Janeiro, Belo Horizonte, Goiânia, Recife, Salvador"),
        (("pt", 1.0),),
        (("es", 0.1), ("en", 0.15)),
    ),
    Country(
        "CO",
        1.0,
        _n("Juan, Carlos, Andrés, Luis, Jorge, Diego, Sebastián, Santiago, Camilo, Julián, Alejandro, Jhon,Fabián"),
        _n("María, Laura, Daniela, Valentina, Paola, Andrea, Natalia, Carolina, Diana, Luisa"),
        _n(
            "Rodríguez, Gómez, González, Martínez, García, López, Hernández, Sánchez, Ramírez, Pérez, Díaz,"
            "Moreno, Muñoz, Rojas, Vargas, Castro"
        ),
        _n("Bogotá, Medellín, Cali, Barranquilla, Pereira, Cartagena"),
        (("es", 1.0),),
        (("en", 0.15),),
    ),
    Country(
        "GN",
        1.5,
        _n(
            "Mamadou, Alpha, Ibrahima, Ousmane, Abdoulaye, Amadou, Mohamed, Sekou, Boubacar, Thierno, Lansana,"
            "Moussa, Alseny, Mamady"
        ),
        _n("Mariama, Fatoumata, Aissatou, Kadiatou, Hawa, Aminata, Fanta, Djenabou, Oumou, Binta"),
        _n(
            "Diallo, Bah, Barry, Camara, Sow, Keita, Condé, Touré, Sylla, Bangoura, Soumah, Cissé, Kourouma,"
            "Baldé, Diakité, Kaba"
        ),
        _n("Conakry, Kankan, Labé, Nzérékoré, Kindia, Mamou"),
        (("fuf", 0.5), ("sus", 0.25), ("emk", 0.25)),
        (("fr", 0.6),),
    ),
    Country(
        "CN",
        1.0,
        _n("Wei, Jian, Ming, Hao, Lei, Jun, Qiang, Tao, Bin, Chen"),
        _n("Li, Mei, Xiu, Ying, Hua, Fang, Yan, Jing"),
        _n("Chen, Lin, Wang, Zhang, Li, Liu, Huang, Zheng, Wu, Zhou, Xu, Yang"),
        _n("Fuzhou, Wenzhou, Shanghai, Guangzhou, Beijing, Qingtian"),
        (("zh", 0.7), ("cdo", 0.3)),
        (("en", 0.1),),
    ),
    Country(
        "RU",
        1.0,
        _n("Aleksandr, Dmitri, Sergei, Andrei, Alexei, Ivan, Maksim, Ruslan, Magomed, Islam, Adam, Timur, Artur"),
        _n("Elena, Olga, Tatiana, Natalia, Anna, Ekaterina, Madina, Aminat, Khava, Zarema"),
        _n(
            "Ivanov, Smirnov, Kuznetsov, Popov, Sokolov, Lebedev, Kozlov, Novikov, Magomedov, Aliev, Umarov,"
            "Bagaev, Khasanov, Gadzhiev, Isaev"
        ),
        _n("Moscow, Saint Petersburg, Grozny, Makhachkala, Kazan, Nazran"),
        (("ru", 0.75), ("ce", 0.15), ("av", 0.1)),
        (("ru", 0.9), ("en", 0.1)),
    ),
    Country(
        "BD",
        1.0,
        _n("Mohammad, Abdul, Rahim, Karim, Hossain, Rafiq, Shafiq, Mizanur, Habibur, Jahangir, Sohel, Rubel"),
        _n("Fatema, Nasrin, Shahnaz, Rokeya, Taslima, Sharmin, Sultana, Ayesha"),
        _n("Hossain, Rahman, Islam, Uddin, Ahmed, Khan, Miah, Chowdhury, Sarkar, Alam, Haque, Kabir, Talukder"),
        _n("Dhaka, Sylhet, Chittagong, Khulna, Comilla"),
        (("bn", 0.75), ("syl", 0.25)),
        (("en", 0.3),),
    ),
    Country(
        "SD",
        1.0,
        _n(
            "Mohamed, Ahmed, Osman, Abdelrahman, Mustafa, Hassan, Ibrahim, Omer, Adam, Ishag, Yahia, Abdalla,"
            "Hamid, Musa"
        ),
        _n("Fatima, Amna, Hawa, Mariam, Zeinab, Asia, Sara, Hanan, Samia"),
        _n("Adam, Abdalla, Osman, Mohamed, Ali, Hassan, Abakar, Ishag, Yagoub, Babiker, Elnour, Hamid, Idris,Suleiman"),
        _n("Khartoum, Omdurman, El Fasher, Nyala, Port Sudan, El Geneina"),
        (("ar", 0.6), ("apd", 0.2), ("fvr", 0.1), ("zag", 0.1)),
        (("en", 0.15),),
        ("TD",),
    ),
    Country(
        "XX",
        1.0,
        _n("Mohammed, Ahmad, Yousef, Khalil, Samir, Nidal, Ibrahim, Mahmoud"),
        _n("Huda, Lama, Reem, Dalia, Nisreen, Samah"),
        _n("Abu Khalil, Al-Masri, Hamdan, Odeh, Qasem, Saleh, Barakat, Abu Hassan, Al-Khatib, Shaath"),
        _n("Gaza, Yarmouk, Beirut, Kuwait City, Jenin"),
        (("ar", 1.0),),
        (("en", 0.15),),
        ("SY",),
    ),
)

# Transliteration variants: the same name as different registrations spell it. Each tuple is one name.
GIVEN_NAME_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad", "Muhammed"),
    ("Ahmed", "Ahmad", "Achmed"),
    ("Mahmoud", "Mahmud", "Mahmood"),
    ("Youssef", "Yusuf", "Youcef", "Yousef", "Yossef"),
    ("Abdullah", "Abdallah", "Abdellah", "Abdalla"),
    ("Omar", "Umar", "Omer"),
    ("Ibrahim", "Ebrahim", "Brahim"),
    ("Hussein", "Husain", "Hossein", "Hüseyin", "Huseyin"),
    ("Khaled", "Khalid", "Chaled"),
    ("Mustafa", "Moustafa", "Mostafa", "Mustapha"),
    ("Karim", "Kareem", "Karem"),
    ("Said", "Saeed", "Saïd"),
    ("Hassan", "Hasan", "Hassen"),
    ("Rachid", "Rashid", "Rasheed"),
    ("Nour", "Noor", "Nur"),
    ("Fatima", "Fatma", "Fatimah", "Fatema", "Fatemeh"),
    ("Aisha", "Aicha", "Ayesha", "Aïcha"),
    ("Khadija", "Khadidja", "Khadijah"),
    ("Samira", "Sameera", "Samirah"),
    ("Yasmin", "Yasmine", "Jasmin", "Yasmina"),
    ("Mariam", "Maryam", "Meryem", "Mariem"),
    ("Zainab", "Zeinab", "Zaynab", "Zineb"),
    ("Amina", "Aminah", "Amna"),
    ("Abdulrahman", "Abderrahmane", "Abdelrahman", "Abdirahman"),
    ("Yohannes", "Johannes", "Yohanes"),
    ("Tesfay", "Tesfai", "Tesfaye"),
    ("Oleksandr", "Aleksandr", "Alexander", "Olexandr"),
    ("Andriy", "Andrii", "Andrei", "Andrey"),
    ("Serhiy", "Serhii", "Sergei", "Sergey"),
    ("Dmytro", "Dmitri", "Dmitry"),
    ("Yuriy", "Yurii", "Jurij"),
    ("Olena", "Elena", "Jelena"),
    ("Tetiana", "Tatiana", "Tatyana"),
    ("Yulia", "Iuliia", "Julia"),
    ("Kateryna", "Ekaterina", "Katerina"),
    ("Mehmet", "Mehmed", "Muhammet"),
    ("Magomed", "Magomet", "Mahomed"),
    ("Giorgi", "Georgi", "George"),
    ("Davit", "David", "Dawit"),
    ("Osagie", "Osaghie"),
)

# Family names with known alternative spellings beyond the article rules (Al-/El-/Ben) in generate.py.
FAMILY_NAME_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Gebremedhin", "Ghebremedhin", "Gebremedin"),
    ("Ghebreyesus", "Gebreyesus", "Gebreyesos"),
    ("Haddad", "Hadad", "Haddat"),
    ("Hussein", "Husain", "Hussain", "Hossein"),
    ("Hosseini", "Husseini", "Hoseini"),
    ("Mohammadi", "Mohamadi", "Muhammadi"),
    ("Abdelrahman", "Abdulrahman", "Abderrahmane"),
    ("Suleiman", "Sulaiman", "Soliman"),
    ("Magomedov", "Magometov"),
    ("Shevchenko", "Sjevtsjenko", "Schewtschenko"),
    ("Okonkwo", "Okonkwoh"),
)

# Teams: six regions, each a team (the airport team takes most border refusals); large data sets split a
# region into more teams (generate.Staffing).
TEAMS: tuple[tuple[str, str], ...] = (
    ("Team Noord", "Groningen, Friesland, Drenthe"),
    ("Team Oost", "Overijssel, Gelderland"),
    ("Team Zuid", "Noord-Brabant, Limburg"),
    ("Team West", "Zuid-Holland, Zeeland"),
    ("Team Midden", "Utrecht, Flevoland, Noord-Holland"),
    ("Team Schiphol", "Luchthaven Schiphol (grens)"),
)
# Relative inflow per team for dossiers not from KMar (KMar goes mostly to Team Schiphol).
TEAM_WEIGHTS: tuple[float, ...] = (0.24, 0.16, 0.17, 0.2, 0.18, 0.05)
SCHIPHOL = 5

# Synthetic staff names (Dutch-sounding, invented combinations).
STAFF_GIVEN = _n(
    "Anouk, Bram, Daan, Eva, Femke, Floor, Hanneke, Jeroen, Joost, Karin, Lars, Lotte, Maaike, Marieke, Mark,"
    "Merel, Niels, Noor, Pieter, Roel, Sanne, Sem, Sophie, Thijs, Wouter, Yara, Fatima, Mohamed, Priya, Kevin,"
    "Ilse, Ruben, Esther, Bas, Iris, Tim"
)
STAFF_FAMILY = _n(
    "de Vries, Jansen, Bakker, Visser, Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks,"
    "van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, El Idrissi, Yilmaz, Kramer,"
    "Verhoeven, Postma, Hoekstra, Koster, Prins, Huisman"
)

# Where a person stays, by the way the dossier arrived.
LOCATIONS: dict[str, tuple[str, ...]] = {
    "ind": _n(
        "AZC Ter Apel, AZC Budel, AZC Zweeloo, AZC Gilze, AZC Musselkanaal, AZC Dronten, AZC Den Helder,"
        "Vrijheidsbeperkende locatie Ter Apel, Gezinslocatie Katwijk, Gezinslocatie Amersfoort,"
        "Particulier adres (bekend bij COA), Onbekend"
    ),
    "police": _n(
        "Detentiecentrum Rotterdam, Detentiecentrum Zeist, Politiecellencomplex Amsterdam,"
        "Vrijheidsbeperkende locatie Ter Apel, Particulier adres (bekend bij de politie), Onbekend"
    ),
    "kmar": _n("Justitieel Complex Schiphol, Grenshospitium Schiphol, Detentiecentrum Rotterdam"),
    "other": _n("Particulier adres, AZC Ter Apel, Opvang gemeente (LVV), Onbekend"),
}
FAMILY_LOCATIONS = _n(
    "Gezinslocatie Katwijk, Gezinslocatie Amersfoort, Gezinslocatie Burgum, Gesloten gezinsvoorziening Zeist"
)

# Reasons for a departure term shorter than four weeks (art. 62 lid 2 Vw).
SHORT_TERM_REASONS = {
    "absconding": "Risico op onttrekking aan het toezicht (art. 62 lid 2 onder a Vw).",
    "public_order": "Gevaar voor de openbare orde (art. 62 lid 2 onder c Vw).",
    "unfounded": "Aanvraag afgewezen als kennelijk ongegrond (art. 62 lid 2 onder b Vw).",
    "border": "Toegang geweigerd aan de grens: geen vertrektermijn.",
}

ESTABLISHED_SOURCES = _n(
    "Nationaal paspoort, Nationale identiteitskaart, Taalanalyse Bureau Land en Taal,"
    "Presentatie bij de vertegenwoordiging van het land van herkomst, Laissez-passer afgegeven,"
    "Verklaring van de autoriteiten van het land van herkomst"
)

MEDICAL_BACKGROUNDS = (
    "Diabetes mellitus type 2, gebruikt insuline; medicatie moet mee bij vertrek.",
    "Posttraumatische stressstoornis; in behandeling bij de GGZ.",
    "Hypertensie, ingesteld op medicatie.",
    "Astma; gebruikt inhalatoren.",
    "Chronische hepatitis B, onder controle bij de internist.",
    "Epilepsie; dagelijks anti-epileptica.",
    "Recent geopereerd aan de knie; loopt met krukken.",
    "Depressieve klachten; eerder opgenomen geweest.",
    "Tuberculose in behandeling: reizen medisch onverantwoord tot einde behandeling (art. 64 Vw).",
    "Nierfalen, dialyse drie keer per week.",
    "Hiv, antiretrovirale therapie; continuïteit van zorg in land van herkomst onderzocht.",
    "Hartritmestoornis; pacemaker geplaatst.",
)
PREGNANCY_BACKGROUND = "Zwanger; uitgerekende datum bekend bij de verloskundige (art. 64 Vw rond de bevalling)."

CIRCUMSTANCE_DESCRIPTIONS = {
    "medical": "Zie medische achtergrond; advies BMA aangevraagd.",
    "trafficking": "Signalen van mensenhandel doorgegeven aan AVIM; B8/3-regeling besproken.",
    "minor": "Minderjarig kind binnen het gezin.",
    "unaccompanied_minor": "Alleenstaande minderjarige vreemdeling (amv); voogdij bij Nidos.",
    "pregnancy": "Zwangerschap; vertrek niet vanaf zes weken voor tot zes weken na de bevalling.",
    "vulnerability": "Psychisch kwetsbaar; gesprekken met extra zorg voorbereiden.",
}

HOLD_NOTES = {
    "pending_procedure": _n(
        "Beroep met schorsende werking ingesteld, Opvolgende asielaanvraag ingediend,"
        "Voorlopige voorziening aangevraagd bij de rechtbank"
    ),
    "medical": _n("Uitstel van vertrek (art. 64 Vw) op advies van het BMA, Opname in ziekenhuis"),
    "other": _n("Persoon tijdelijk in strafrechtelijke detentie, Wacht op uitspraak Raad van State"),
}

INTAKE_NOTES = {
    "ind": "Dossier aangeleverd door de IND via de ketenkoppeling.",
    "police": "Aangehouden in het kader van het mobiel toezicht vreemdelingen; dossier van de AVIM.",
    "kmar": "Toegang geweigerd bij de grenscontrole op Schiphol.",
    "other": "Persoon meldde zich zelf met het verzoek om hulp bij terugkeer.",
}


# Laissez-passer requests per country of origin (DOMAIN.md step 5): how often a person of this
# nationality has no valid passport and needs an LP, how often the authorities answer at all, the
# median and spread (log-normal) of days from sending to their answer, and how often an answer
# recognises the person (LP issued) rather than refusing (not recognised / insufficient information).
# Plausible guesses in the spirit of the published figures (2014-2018: 2,310 refusals against 8,020
# requests withdrawn after a year without answer): Western Balkan, Georgian, Moldovan, Turkish and
# Latin American authorities answer in weeks; North African ones in months and often not at all;
# Eritrea, Somalia, Syria and Yemen rarely.
@dataclass(frozen=True)
class LpCountry:
    need: float  # share of persons who need an LP (no valid passport)
    answers: float  # share of requests the authorities answer at all
    median_days: float  # median days from sending to the answer
    spread: float  # sigma of the log-normal
    recognised: float  # share of answers that issue an LP


LP_COUNTRIES: dict[str, LpCountry] = {
    "SY": LpCountry(0.30, 0.05, 300, 0.4, 0.30),
    "DZ": LpCountry(0.85, 0.45, 150, 0.6, 0.60),
    "MA": LpCountry(0.80, 0.55, 120, 0.6, 0.65),
    "TR": LpCountry(0.30, 0.90, 21, 0.5, 0.90),
    "NG": LpCountry(0.75, 0.80, 45, 0.6, 0.75),
    "IQ": LpCountry(0.75, 0.55, 100, 0.6, 0.65),
    "AF": LpCountry(0.80, 0.50, 90, 0.6, 0.60),
    "ER": LpCountry(0.85, 0.15, 240, 0.4, 0.40),
    "GE": LpCountry(0.35, 0.95, 14, 0.5, 0.95),
    "AL": LpCountry(0.30, 0.95, 14, 0.5, 0.95),
    "TN": LpCountry(0.70, 0.60, 90, 0.6, 0.70),
    "UA": LpCountry(0.30, 0.70, 30, 0.5, 0.85),
    "IR": LpCountry(0.70, 0.30, 180, 0.5, 0.50),
    "YE": LpCountry(0.70, 0.10, 250, 0.4, 0.40),
    "SO": LpCountry(0.85, 0.25, 200, 0.5, 0.50),
    "ET": LpCountry(0.80, 0.35, 180, 0.5, 0.50),
    "LY": LpCountry(0.80, 0.30, 150, 0.5, 0.50),
    "EG": LpCountry(0.70, 0.60, 90, 0.6, 0.70),
    "PK": LpCountry(0.60, 0.70, 60, 0.6, 0.75),
    "MD": LpCountry(0.30, 0.95, 14, 0.5, 0.95),
    "RS": LpCountry(0.30, 0.90, 21, 0.5, 0.90),
    "BR": LpCountry(0.30, 0.95, 14, 0.5, 0.95),
    "CO": LpCountry(0.30, 0.95, 14, 0.5, 0.95),
    "GN": LpCountry(0.80, 0.60, 75, 0.6, 0.60),
    "CN": LpCountry(0.70, 0.60, 90, 0.6, 0.70),
    "RU": LpCountry(0.50, 0.60, 60, 0.6, 0.70),
    "BD": LpCountry(0.60, 0.75, 45, 0.6, 0.80),
    "SD": LpCountry(0.80, 0.30, 180, 0.5, 0.50),
}
LP_NO_ANSWER_MONTHS = 12  # no answer after this long: the case manager withdraws (DOMAIN.md step 5)
