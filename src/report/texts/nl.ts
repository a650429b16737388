import type { Catalogue } from './catalogue';

export const nl: Catalogue = {
  ui: {
    mailTitle: 'E-mailtest voor {domain}',
    webTitle: 'Websitetest voor {domain}',
    score: 'score',
    pending: 'Nog niet getest door deze versie: {list}',
    publish: 'Publiceer in plaats daarvan',
    record: 'record',
    foundOn: 'gevonden op',
    lookups: 'DNS-lookups',
    voidLookups: 'lege lookups',
    keys: 'sleutels',
    duration: 'duurde {ms} ms, {queries} DNS-vragen',
    nonSending: 'Dit domein verstuurt geen e-mail (SPF -all en DMARC p=reject).',
    mx: 'Mailservers (MX)',
    noMx: 'geen',
    statuses: {
      passed: 'geslaagd',
      failed: 'gezakt',
      warning: 'waarschuwing',
      info: 'info',
      not_tested: 'niet getest',
      error: 'niet te testen',
    },
  },
  categories: {
    mail_ipv6: 'IPv6',
    mail_dnssec: 'DNSSEC',
    mail_auth: 'Echtheidswaarmerken (DMARC, DKIM, SPF)',
    mail_starttls: 'Beveiligde verbinding (STARTTLS en DANE)',
    web_ipv6: 'IPv6',
    web_dnssec: 'DNSSEC',
    web_https: 'HTTPS',
    web_appsecpriv: 'Beveiligingsopties',
  },
  tests: {
    mail_auth_spf_exist: 'SPF-record',
    mail_auth_spf_policy: 'SPF-beleid',
    mail_auth_dmarc_exist: 'DMARC-record',
    mail_auth_dmarc_policy: 'DMARC-beleid',
    mail_auth_dmarc_ext_destination: 'DMARC externe rapportadressen',
    mail_auth_dkim_exist: 'DKIM',
    mail_auth_tls_rpt: 'TLS-rapportage (TLS-RPT)',
    mail_auth_mta_sts: 'MTA-STS',
    mail_dnssec_mailto_exist: 'DNSSEC (maildomein ondertekend)',
    mail_dnssec_mailto_valid: 'DNSSEC (maildomein geldig)',
    mail_dnssec_mx_exist: 'DNSSEC (mailservers ondertekend)',
    mail_dnssec_mx_valid: 'DNSSEC (mailservers geldig)',
    mail_dnssec_algorithms: 'DNSSEC-algoritmen en -sleutels',
    web_dnssec_exist: 'DNSSEC (domein ondertekend)',
    web_dnssec_valid: 'DNSSEC (domein geldig)',
    mail_starttls_tls_available: 'STARTTLS beschikbaar',
    mail_starttls_tls_version: 'TLS-versies',
    mail_starttls_tls_ciphers: 'Algoritmeselecties',
    mail_starttls_tls_cipherorder: 'Volgorde algoritmeselecties',
    mail_starttls_tls_keyexchange: 'Sleuteluitwisseling',
    mail_starttls_tls_keyexchangehash: 'Hashfunctie sleuteluitwisseling',
    mail_starttls_cert_chain: 'Vertrouwensketen certificaat',
    mail_starttls_cert_pubkey: 'Sleutels certificaat',
    mail_starttls_cert_sig: 'Handtekeningen certificaat',
    mail_starttls_cert_domain: 'Naam certificaat',
    mail_starttls_dane_exist: 'DANE (TLSA aanwezig)',
    mail_starttls_dane_valid: 'DANE (TLSA geldig)',
    mail_starttls_dane_rollover: 'DANE-vervangschema',
    mail_ipv6_mx_address: 'IPv6-adres mailservers',
    mail_ipv6_mx_reach: 'IPv6-bereikbaarheid mailservers',
    mail_ipv6_ns_address: 'IPv6-adres name servers',
    mail_ipv6_ns_reach: 'IPv6-bereikbaarheid name servers',
    web_ipv6_ns_address: 'IPv6-adres name servers',
    web_ipv6_ns_reach: 'IPv6-bereikbaarheid name servers',
    mail_starttls_tls_compress: 'TLS-compressie',
    mail_starttls_tls_secreneg: 'Veilige heronderhandeling',
    mail_starttls_tls_clientreneg: 'Heronderhandeling door de client',
    mail_starttls_tls_caa: 'CAA voor mailservers',
    web_https_http_available: 'HTTPS beschikbaar',
    web_https_http_redirect: 'Doorverwijzing naar HTTPS',
    web_https_http_hsts: 'HSTS',
    web_ipv6_ws_address: 'IPv6-adres voor webserver',
    web_ipv6_ws_reach: 'IPv6-bereikbaarheid van webserver',
    web_ipv6_ws_similar: 'Gelijke website via IPv6 en IPv4',
    web_https_http_compress: 'HTTP-compressie',
    web_https_tls_version: 'TLS-versies',
    web_https_tls_ciphers: 'Algoritmeselecties',
    web_https_tls_cipherorder: 'Volgorde algoritmeselecties',
    web_https_tls_keyexchange: 'Sleuteluitwisseling',
    web_https_tls_keyexchangehash: 'Hashfunctie sleuteluitwisseling',
    web_https_tls_compress: 'TLS-compressie',
    web_https_tls_secreneg: 'Veilige heronderhandeling',
    web_https_tls_clientreneg: 'Client-geïnitieerde heronderhandeling',
    web_https_tls_0rtt: '0-RTT',
    web_https_tls_ocsp: 'OCSP-stapling',
    web_https_cert_chain: 'Vertrouwen certificaat',
    web_https_cert_pubkey: 'Sleutels certificaat',
    web_https_cert_sig: 'Handtekeningen certificaat',
    web_https_cert_domain: 'Naam op certificaat',
    web_https_tls_caa: 'CAA voor het domein',
    web_https_dane_exist: 'DANE (TLSA aanwezig)',
    web_https_dane_valid: 'DANE (TLSA geldig)',
    web_appsecpriv_x_frame_options: 'X-Frame-Options',
    web_appsecpriv_x_content_type_options: 'X-Content-Type-Options',
    web_appsecpriv_csp: 'Content-Security-Policy',
    web_appsecpriv_referrer_policy: 'Referrer-Policy',
    web_appsecpriv_securitytxt: 'security.txt',
  },
  reasons: {
    'mail_auth_spf_exist.record_found': 'Er is één SPF-record gepubliceerd.',
    'mail_auth_spf_exist.no_record':
      'Geen SPF-record: iedereen kan mail namens u sturen zonder dat ontvangers het merken.',
    'mail_auth_spf_exist.multiple_records':
      'Meer dan één SPF-record: ontvangers zien dat als fout (RFC 7208 §4.5), dus SPF werkt helemaal niet.',
    'mail_auth_spf_policy.valid_hard_fail':
      'Het beleid eindigt op -all: mail van andere servers wordt geweigerd. {lookups} van maximaal 10 DNS-lookups.',
    'mail_auth_spf_policy.valid_soft_fail':
      'Het beleid eindigt op ~all: mail van andere servers wordt als verdacht gemarkeerd. {lookups} van maximaal 10 DNS-lookups.',
    'mail_auth_spf_policy.no_record': 'Er is geen SPF-beleid om te beoordelen.',
    'mail_auth_spf_policy.multiple_records': 'Meer dan één SPF-record: er is geen eenduidig beleid.',
    'mail_auth_spf_policy.invalid_syntax':
      'Het SPF-record bevat een syntaxfout ({problem}), dus ontvangers negeren het (permerror).',
    'mail_auth_spf_policy.invalid_all':
      'Het beleid eindigt op {all}: ontvangers krijgen niet de opdracht andere afzenders te weigeren. Gebruik ~all of -all.',
    'mail_auth_spf_policy.max_dns_lookups':
      'Het record vraagt {lookups} DNS-lookups; ontvangers stoppen bij 10 (RFC 7208 §4.6.4) en zien het record als kapot.',
    'mail_auth_spf_policy.max_void_lookups':
      '{voidLookups} lookups leveren niets op; meer dan 2 laat het record falen (RFC 7208 §4.6.4). Internet.nl controleert dit niet.',
    'mail_auth_spf_policy.invalid_include':
      'Een include leidt niet naar een geldig SPF-record ({failedOn}): ontvangers geven permerror.',
    'mail_auth_spf_policy.invalid_redirect':
      'De redirect leidt niet naar een geldig SPF-record ({failedOn}): ontvangers geven permerror.',
    'mail_auth_spf_policy.include_loop': 'De includes vormen een lus: ontvangers geven permerror.',
    'mail_auth_spf_policy.term_dns_error':
      'Niet te testen: het opvragen voor {term} in het record van {failedOn} lukte niet ({dns}); RFC 7208 maakt dat een tijdelijke fout. Probeer het later opnieuw.',
    'mail_auth_spf_policy.policy_allows_any':
      'Het record laat een adres door dat niemand heeft gemachtigd ({allowed}, via {term}): in feite mag iedereen namens u mailen (RFC 7208 §5).',
    'mail_auth_spf_policy.include_allows_all':
      'Het ingevoegde record van {failedOn} laat elk adres mailen (+all of een /0-reeks), dus iedereen kan namens u mailen, hoe uw eigen record ook eindigt (RFC 7208 §5.2).',
    'mail_auth_spf_policy.include_dns_error':
      'Een ingevoegd record kon niet worden opgehaald ({failedOn}); probeer het later opnieuw.',
    'mail_auth_spf_policy.too_many_mx_records': 'Een mx-term wijst naar meer dan 10 mailservers (RFC 7208 §4.6.4).',
    'mail_auth_dmarc_exist.record_found': 'Er is een DMARC-record gepubliceerd.',
    'mail_auth_dmarc_exist.found_on_org_domain': 'Geen eigen DMARC-record; dat van {foundOn} geldt.',
    'mail_auth_dmarc_exist.no_record':
      'Geen DMARC-record: ontvangers weten niet wat te doen met mail die niet door SPF en DKIM komt.',
    'mail_auth_dmarc_exist.multiple_records':
      'Meer dan één DMARC-record: ontvangers negeren ze allemaal (RFC 9989 §4.10), dus dit domein heeft geen eigen DMARC-record.',
    'mail_auth_dmarc_exist.found_on_psd':
      'Geen eigen DMARC-record en ook geen van de organisatie; alleen het beleid van het publieke achtervoegsel {foundOn} geldt (RFC 9989). Publiceer een eigen record.',
    'mail_auth_dmarc_exist.dns_servfail':
      'De DMARC-lookup mislukt (SERVFAIL): ook ontvangers kunnen het record niet lezen.',
    'mail_auth_dmarc_policy.policy_reject': 'Het beleid is reject: vervalste mail wordt geweigerd.',
    'mail_auth_dmarc_policy.policy_quarantine': 'Het beleid is quarantine: vervalste mail gaat naar spam.',
    'mail_auth_dmarc_policy.policy_none':
      'Het beleid is none: vervalste mail wordt gewoon afgeleverd. Gebruik quarantine of reject.',
    'mail_auth_dmarc_policy.test_mode_weakens_policy': 'De testmodus (t=y) verzwakt quarantine tot none.',
    'mail_auth_dmarc_policy.missing_policy': 'Het record heeft geen beleid (p=).',
    'mail_auth_dmarc_policy.invalid_syntax': 'Het DMARC-record bevat een syntaxfout.',
    'mail_auth_dmarc_policy.no_record': 'Er is geen DMARC-beleid.',
    'mail_auth_dmarc_policy.multiple_records': 'Meer dan één DMARC-record: er is geen eenduidig beleid.',
    'mail_auth_dmarc_ext_destination.no_external_destinations': 'Rapporten gaan naar adressen binnen uw eigen domein.',
    'mail_auth_dmarc_ext_destination.all_authorised':
      'Elk extern rapportadres heeft toegestemd uw rapporten te ontvangen.',
    'mail_auth_dmarc_ext_destination.external_not_authorised':
      'Rapporten gaan naar {unauthorised}, dat daar geen toestemming voor publiceert (RFC 9989 §4.6): die rapporten worden niet verstuurd.',
    'mail_auth_dmarc_ext_destination.no_usable_record': 'Er is geen bruikbaar DMARC-record om te controleren.',
    'mail_auth_dkim_exist.key_found': 'DKIM-sleutels gevonden (selector {selectors}).',
    'mail_auth_dkim_exist.domainkey_exists':
      'De naam _domainkey bestaat, dus DKIM is waarschijnlijk in gebruik; onder gangbare selectors is geen sleutel gevonden.',
    'mail_auth_dkim_exist.domainkey_wildcard':
      'De naam _domainkey bestaat maar antwoordt op elke selector (wildcard); dat bewijst weinig.',
    'mail_auth_dkim_exist.no_domainkey':
      'Geen DKIM: _domainkey bestaat niet, dus onder geen enkele selector staat een sleutel (RFC 8020).',
    'mail_auth_dkim_exist.key_unusable':
      'Er is een DKIM-sleutelrecord, maar de sleutel is niet te lezen als het type dat het noemt (k=): ontvangers kunnen er geen handtekening mee controleren (RFC 6376 §3.6.1, RFC 8463).',
    'mail_auth_dkim_exist.key_too_small':
      'Alle gevonden DKIM-sleutels zijn korter dan 1024 bits; ontvangers negeren zulke handtekeningen (RFC 8301).',
    'mail_auth_dkim_exist.not_needed_non_sending': 'Niet nodig: dit domein verstuurt geen e-mail.',
    'mail_auth_tls_rpt.record_valid': 'TLS-RPT is ingericht: rapporten gaan naar {rua}.',
    'mail_auth_tls_rpt.no_record': 'Geen TLS-RPT-record: u hoort niet wanneer afzenders u niet veilig bereiken.',
    'mail_auth_tls_rpt.multiple_records': 'Meer dan één TLS-RPT-record: afzenders negeren ze (RFC 8460 §3).',
    'mail_auth_tls_rpt.invalid_syntax': 'Het TLS-RPT-record bevat een fout.',
    'mail_auth_tls_rpt.no_mail_servers': 'Het domein ontvangt geen e-mail.',
    'mail_auth_mta_sts.no_record':
      'Geen MTA-STS-record (DANE is de overheidsstandaard; MTA-STS helpt afzenders zonder DNSSEC).',
    'mail_auth_mta_sts.multiple_records': 'Meer dan één MTA-STS-record: afzenders negeren ze (RFC 8461 §3.1).',
    'mail_auth_mta_sts.invalid_syntax': 'Het MTA-STS-record bevat een fout.',
    'mail_auth_mta_sts.no_mail_servers': 'Het domein ontvangt geen e-mail.',
    signed: 'De zone is ondertekend met DNSSEC.',
    not_signed: 'Niet ondertekend met DNSSEC: antwoorden kunnen onderweg worden vervalst.',
    secure: 'De DNSSEC-vertrouwensketen is geldig.',
    bogus:
      'DNSSEC is kapot ({why} bij {zone}): validerende resolvers weigeren deze antwoorden, dus mail en web werken niet voor hun gebruikers.',
    'mail_dnssec_algorithms.modern_algorithms': 'Moderne algoritmen, hashes en sleutellengtes.',
    'mail_dnssec_algorithms.no_signed_zones': 'Geen ondertekende zones om te beoordelen.',
    'mail_dnssec_algorithms.deprecated_algorithm': 'Er wordt een verouderd DNSSEC-algoritme gebruikt (RFC 8624).',
    'mail_dnssec_algorithms.sha1_ds': 'Een DS-record gebruikt SHA-1 (RFC 9905): publiceer een SHA-256-DS.',
    'mail_dnssec_algorithms.rsa_below_2048': 'Een RSA-sleutel voor DNSSEC is korter dan 2048 bits.',
    'mail_dnssec_algorithms.nsec3_iterations': 'NSEC3 gebruikt extra iteraties; RFC 9276 vraagt 0.',
    'mail_dnssec_algorithms.nsec3_salt': 'NSEC3 gebruikt een salt; RFC 9276 vraagt er geen.',
    'mail_dnssec_algorithms.signatures_expire_soon':
      'DNSSEC-handtekeningen verlopen binnen 7 dagen: controleer of het ondertekenen nog loopt.',
    null_mx: 'Het domein ontvangt geen mail (null MX).',
    no_mx: 'Het domein heeft geen mailservers.',
    null_mx_with_other_mx: 'Een null MX naast andere MX-records is tegenstrijdig.',
    'mail_starttls_tls_available.starttls_on_every_mx': 'Elke mailserver biedt STARTTLS.',
    'mail_starttls_tls_available.no_starttls':
      'Een mailserver biedt geen STARTTLS: mail naar die server gaat onversleuteld.',
    'mail_starttls_tls_available.tls_handshake_failed':
      'Een mailserver biedt STARTTLS, maar er kwam geen TLS-verbinding tot stand.',
    'mail_starttls_tls_available.unreachable': 'Een mailserver was niet bereikbaar; probeer het later opnieuw.',
    'mail_starttls_tls_available.rate_limited':
      'Een mailserver vroeg ons later terug te komen (421); probeer het later opnieuw.',
    private_address: 'Niet getest: het adres is privé of gereserveerd, en Mailcheck test zulke adressen niet.',
    no_tested_servers: 'Geen mailserver kon worden getest.',
    good_versions: 'Alleen TLS 1.2 en 1.3.',
    insufficient_version: 'Een mailserver accepteert nog een onvoldoende TLS-versie ({bad}).',
    phase_out_version: 'Een mailserver accepteert een TLS-versie die wordt uitgefaseerd.',
    good_ciphers: 'Alleen goede en voldoende algoritmeselecties.',
    insufficient_ciphers:
      'Een mailserver accepteert onvoldoende algoritmeselecties, zoals CBC met SHA-1 of zonder forward secrecy.',
    phase_out_ciphers: 'Een mailserver accepteert algoritmeselecties die worden uitgefaseerd.',
    server_prefers_strong: 'De servers geven de voorkeur aan sterke selecties.',
    no_weak_suites: 'Geen zwakke selecties om achteraan te zetten.',
    tls13_only: 'Alleen TLS 1.3: de volgorde ligt vast.',
    client_order:
      'Een mailserver volgt de volgorde van de verzender terwijl hij zwakke selecties accepteert: stel een eigen volgorde in.',
    weak_suite_preferred: 'Een mailserver verkiest een zwakke selectie boven een sterke.',
    good_key_exchange: 'Sleuteluitwisseling met goede parameters.',
    insufficient_key_exchange: 'Een mailserver gebruikt onvoldoende parameters voor de sleuteluitwisseling.',
    phase_out_key_exchange: 'Een mailserver gebruikt parameters voor de sleuteluitwisseling die worden uitgefaseerd.',
    sha2_only: 'SHA-1 wordt geweigerd voor handtekeningen bij de sleuteluitwisseling.',
    sha1_accepted:
      'Een mailserver accepteert SHA-1 voor handtekeningen bij de sleuteluitwisseling (RFC 9155 verbiedt dat).',
    trusted: 'De certificaten worden vertrouwd.',
    good_keys: 'De sleutels van de certificaten zijn sterk genoeg.',
    insufficient_key: 'Een certificaatsleutel is te zwak.',
    phase_out_key:
      'Een certificaat gebruikt een sleutellengte die wordt uitgefaseerd (zoals RSA-2048 onder NCSC 2025).',
    good_signatures: 'Certificaathandtekeningen gebruiken SHA-2 of EdDSA.',
    insufficient_signature: 'Een certificaat is ondertekend met SHA-1 of MD5.',
    phase_out_signature: 'Een certificaat is ondertekend met SHA-224.',
    name_matches: 'De namen in de certificaten passen bij de mailservers.',
    name_mismatch: 'Een certificaat staat op een andere naam (ter informatie bij mail, tenzij DANE-TA wordt gebruikt).',
    tlsa_found: 'Elke mailserver heeft DNSSEC-ondertekende TLSA-records.',
    no_tlsa: 'Een mailserver heeft geen TLSA-record: verzenders kunnen geen DANE gebruiken.',
    tlsa_not_signed: 'De TLSA-records zijn niet ondertekend met DNSSEC, dus verzenders kunnen ze niet gebruiken.',
    tlsa_bogus: 'De TLSA-records vallen door de DNSSEC-validatie.',
    tlsa_matches: 'De TLSA-records passen bij de certificaten van de servers.',
    tlsa_no_match: 'Een TLSA-record past niet bij het certificaat van de server: DANE-verzenders bezorgen dan niet.',
    server_not_tested: 'De mailserver kon niet worden getest.',
    no_usable_tlsa: 'Geen bruikbare TLSA-records om te controleren.',
    rollover_ready: 'Klaar voor een sleutelwissel (twee TLSA-records).',
    single_tlsa:
      'Maar één TLSA-record: voeg er een toe voor de volgende sleutel of de uitgevende CA vóór de volgende wissel.',
    all_mx_have_ipv6: 'Elke mailserver heeft een IPv6-adres.',
    mx_without_ipv6: 'Een mailserver heeft geen IPv6-adres ({without}).',
    all_reachable: 'Elke mailserver antwoordt via IPv6.',
    unreachable_over_ipv6: 'Een mailserver antwoordt niet via IPv6 ({unreachable}).',
    no_ipv6_mx: 'Geen IPv6-adressen om te testen.',
    expired:
      'Het certificaat van een mailserver is verlopen (ter informatie bij mail: verzenders controleren het niet, tenzij DANE-TA wordt gebruikt).',
    not_yet_valid: 'Het certificaat van een mailserver is nog niet geldig.',
    self_signed:
      'Het certificaat van een mailserver is door zichzelf ondertekend (ter informatie bij mail; met DANE-EE is dat in orde).',
    unknown_issuer:
      'De certificaatketen van een mailserver is onvolledig of van een onbekende uitgever: stuur de tussencertificaten mee.',
    untrusted: 'Het certificaat van een mailserver wordt niet vertrouwd ({error}).',
    ns_have_ipv6: 'Minstens twee name servers hebben een IPv6-adres.',
    only_one_ns_with_ipv6: 'Maar één name server heeft een IPv6-adres; er zijn er minstens twee nodig.',
    no_ns_with_ipv6: 'Geen enkele name server heeft een IPv6-adres.',
    no_nameservers: 'Geen name servers gevonden voor het domein.',
    all_ns_answer_over_ipv6: 'Elke name server antwoordt via IPv6.',
    ns_unreachable_over_ipv6: 'Een name server antwoordt niet via IPv6 ({unreachable}).',
    'mail_auth_mta_sts.policy_enforced': 'MTA-STS wordt afgedwongen en noemt elke mailserver.',
    'mail_auth_mta_sts.policy_host_not_found':
      'Het MTA-STS-record bestaat, maar {policyHost} heeft geen adres: verzenders kunnen het beleid niet ophalen.',
    'mail_auth_mta_sts.policy_tls_error':
      'De MTA-STS-beleidsserver heeft geen geldig certificaat ({error}); verzenders negeren het beleid.',
    'mail_auth_mta_sts.policy_fetch_failed':
      'Het MTA-STS-beleid kon deze keer niet worden opgehaald ({error}); niet te testen, probeer het later opnieuw.',
    'mail_auth_mta_sts.policy_unavailable': 'Het MTA-STS-beleid kon niet worden opgehaald ({error}).',
    'mail_auth_mta_sts.policy_http_status':
      'Het MTA-STS-beleid geeft HTTP {httpStatus} in plaats van 200 (doorverwijzingen worden niet gevolgd).',
    'mail_auth_mta_sts.policy_content_type':
      'Het MTA-STS-beleid wordt geserveerd als {contentType}, niet als text/plain.',
    'mail_auth_mta_sts.policy_too_large': 'Het MTA-STS-beleid is groter dan 64 kB.',
    'mail_auth_mta_sts.policy_invalid': 'Het MTA-STS-beleid bevat een fout.',
    'mail_auth_mta_sts.mode_testing':
      'Het MTA-STS-beleid staat in testmodus: verzenders bezorgen nog steeds zonder TLS.',
    'mail_auth_mta_sts.mode_none': 'Het MTA-STS-beleid staat uit (mode none).',
    'mail_auth_mta_sts.mx_not_in_policy':
      'Het MTA-STS-beleid noemt {unmatched} niet: verzenders zouden daar niet bezorgen.',
    tls_compression: 'Een mailserver staat TLS-compressie toe (kwetsbaar voor de CRIME-aanval).',
    no_compression: 'Geen TLS-compressie.',
    no_secure_renegotiation: 'Een mailserver ondersteunt geen veilige heronderhandeling (RFC 5746).',
    secure_renegotiation: 'Veilige heronderhandeling wordt ondersteund (RFC 5746).',
    client_renegotiation_allowed:
      'Een mailserver laat clients een heronderhandeling starten (een risico op overbelasting).',
    client_renegotiation_refused: 'Door de client gestarte heronderhandeling wordt geweigerd.',
    caa_present: "Elke mailservernaam heeft een geldig CAA-record met de CA's die mogen uitgeven.",
    no_caa: 'Een mailservernaam heeft geen CAA-record: elke CA mag er certificaten voor uitgeven.',
    invalid_caa: 'Een CAA-record is ongeldig ({problems}).',
    caa_without_issue: 'De CAA-records noemen geen CA die mag uitgeven (geen issue-tag).',
    rate_limited:
      'Niet te testen: de mailserver vroeg ons halverwege later terug te komen (421). Dat zegt niets tegen de server; probeer het later opnieuw.',
    unreachable: 'Niet te testen: de mailserver stopte halverwege met antwoorden; probeer het later opnieuw.',
    https_available: 'De website antwoordt via HTTPS.',
    no_https: 'De website antwoordt niet via HTTPS: sinds 1 juli 2023 wettelijk verplicht voor overheidswebsites.',
    no_address: 'Het domein heeft geen adres voor een website.',
    no_http: 'Onversleuteld http wordt helemaal niet aangeboden, dus er valt niets af te zwakken.',
    redirects_to_https: 'http:// verwijst direct door naar https:// op dezelfde naam.',
    no_redirect_to_https:
      'http:// verwijst niet door naar https://: bezoekers kunnen op een onversleutelde pagina blijven.',
    redirect_not_https: 'http:// verwijst door, maar niet naar https://.',
    redirect_other_host_first:
      'http:// verwijst eerst door naar een andere naam in plaats van direct naar https:// op dezelfde naam (de HSTS-header van deze naam wordt dan nooit gezien).',
    later_downgrade_to_http: 'De doorverwijzingen gaan later terug naar onversleuteld http ({downgrade}).',
    hsts_one_year: 'HSTS staat op minstens een jaar.',
    no_hsts: 'Geen HSTS-header: browsers proberen mogelijk eerst onversleuteld http.',
    hsts_unparsable: 'De HSTS-header heeft geen geldige max-age.',
    hsts_too_short: 'HSTS max-age is {maxAge} seconden; minstens een jaar (31536000) is vereist.',
    'web_https_http_available.tls_handshake_failed':
      'Poort 443 antwoordt op {address}, maar er kon geen TLS-verbinding worden gemaakt.',
    'web_https_http_available.no_https':
      'De website antwoordt niet via HTTPS op {address}: sinds 1 juli 2023 wettelijk verplicht voor overheidswebsites.',
    https_unreachable: 'Niet te testen: {address} antwoordde niet op tijd op poort 443; probeer het later opnieuw.',
    http_unreachable: 'Niet te testen: {address} antwoordde niet op tijd via gewone http; probeer het later opnieuw.',
    no_http_compression: 'De pagina wordt niet gecomprimeerd verstuurd.',
    http_compression:
      'De pagina wordt gecomprimeerd verstuurd ({encoding}); op pagina’s met geheimen helpt dat de BREACH-aanval. Ter informatie.',
    'web_https_tls_version.good_versions': 'Alleen TLS 1.2 en 1.3.',
    'web_https_tls_version.insufficient_version':
      'De webserver ({address}) accepteert nog een onvoldoende TLS-versie ({bad}).',
    'web_https_tls_version.phase_out_version':
      'De webserver ({address}) accepteert een TLS-versie die wordt uitgefaseerd ({phaseOut}).',
    'web_https_tls_ciphers.insufficient_ciphers':
      'De webserver ({address}) accepteert onvoldoende algoritmeselecties ({bad}).',
    'web_https_tls_ciphers.phase_out_ciphers':
      'De webserver ({address}) accepteert algoritmeselecties die worden uitgefaseerd ({phaseOut}).',
    'web_https_tls_cipherorder.client_order':
      'De webserver ({address}) volgt de volgorde van de browser terwijl hij zwakke algoritmeselecties accepteert: stel een eigen servervolgorde in.',
    'web_https_tls_cipherorder.weak_suite_preferred':
      'De webserver ({address}) verkiest een zwakke algoritmeselectie boven een sterke ({violation}).',
    'web_https_tls_keyexchange.insufficient_key_exchange':
      'De webserver ({address}) gebruikt onvoldoende parameters voor sleuteluitwisseling.',
    'web_https_tls_keyexchange.phase_out_key_exchange':
      'De webserver ({address}) gebruikt parameters voor sleuteluitwisseling die worden uitgefaseerd.',
    'web_https_tls_keyexchangehash.sha1_accepted':
      'De webserver ({address}) accepteert SHA-1 voor handtekeningen bij sleuteluitwisseling (RFC 9155 verbiedt dat).',
    'web_https_tls_compress.tls_compression':
      'De webserver ({address}) staat TLS-compressie toe (vatbaar voor de CRIME-aanval).',
    'web_https_tls_secreneg.no_secure_renegotiation':
      'De webserver ({address}) ondersteunt geen veilige heronderhandeling (RFC 5746).',
    'web_https_tls_clientreneg.client_renegotiation_allowed':
      'De webserver ({address}) laat clients een heronderhandeling starten (risico op overbelasting).',
    no_tls13: 'Geen TLS 1.3, dus geen 0-RTT.',
    no_zero_rtt: '0-RTT (early data) wordt niet aangeboden.',
    zero_rtt_offered:
      'De webserver ({address}) biedt 0-RTT aan (tot {maxEarlyData} bytes early data): zulke verzoeken kan een aanvaller herhalen (RFC 8446 §8). Zet early data uit.',
    no_ocsp_url: 'Het certificaat noemt geen OCSP-responder, dus er valt niets te nieten.',
    no_staple:
      'Het certificaat noemt een OCSP-responder ({url}), maar de server stuurt het antwoord niet mee: browsers moeten het dan zelf aan de CA vragen.',
    staple_valid: 'Er wordt een geldig OCSP-antwoord meegestuurd.',
    staple_invalid: 'Het meegestuurde OCSP-antwoord is niet geldig ({why}).',
    staple_revoked: 'Het meegestuurde OCSP-antwoord zegt dat het certificaat is ingetrokken.',
    'web_https_cert_chain.trusted': 'De certificaatketen wordt vertrouwd.',
    'web_https_cert_chain.expired': 'Het certificaat van {address} is verlopen: browsers tonen een waarschuwing.',
    'web_https_cert_chain.not_yet_valid': 'Het certificaat van {address} is nog niet geldig.',
    'web_https_cert_chain.self_signed':
      'Het certificaat van {address} is door de server zelf ondertekend: browsers vertrouwen het niet.',
    'web_https_cert_chain.unknown_issuer':
      'De keten van {address} is onvolledig of van een onbekende uitgever: stuur de tussencertificaten mee.',
    'web_https_cert_chain.untrusted': 'Het certificaat van {address} wordt niet vertrouwd ({error}).',
    'web_https_cert_domain.name_matches': 'Het certificaat is voor deze domeinnaam.',
    'web_https_cert_domain.name_mismatch':
      'Het certificaat van {address} is voor een andere naam: browsers tonen een waarschuwing.',
    'web_https_tls_caa.caa_present': 'Een geldig CAA-record noemt de CA’s die voor dit domein mogen uitgeven.',
    'web_https_tls_caa.no_caa': 'Geen CAA-record: elke CA mag certificaten voor dit domein uitgeven.',
    web_tlsa_found: 'Er is een met DNSSEC ondertekend TLSA-record voor HTTPS gepubliceerd.',
    no_web_tlsa: 'Geen TLSA-record voor HTTPS (_443._tcp); optioneel.',
    web_tlsa_no_match: 'Een TLSA-record past niet bij het certificaat dat {address} toont.',
    'web_https_dane_valid.tlsa_matches': 'De TLSA-records passen bij het certificaat van de webserver.',
    'web_https_dane_exist.tlsa_not_signed': 'Het TLSA-record is niet met DNSSEC ondertekend en dus niet bruikbaar.',
    web_has_ipv6: 'De webserver heeft een IPv6-adres.',
    no_web_ipv6: 'De webserver heeft geen IPv6-adres.',
    web_reachable_over_ipv6: 'De webserver antwoordt via IPv6 op dezelfde poorten als via IPv4.',
    web_unreachable_over_ipv6: 'De webserver antwoordt niet via IPv6 op {address}.',
    ipv6_ports_differ: '{address} antwoordt via IPv6 niet op poort {missing}, terwijl IPv4 dat wel doet.',
    ipv6_only: 'De website is alleen via IPv6 bereikbaar: niets te vergelijken.',
    same_site: 'Bezoekers via IPv6 en IPv4 krijgen dezelfde website.',
    different_ports: 'IPv6 en IPv4 bieden verschillende poorten aan.',
    no_response_on_one: 'De website antwoordt via {scheme} maar op één van IPv4 en IPv6.',
    different_status: 'IPv6 en IPv4 geven een andere HTTP-status ({scheme}).',
    same_error_status: 'IPv6 en IPv4 antwoorden allebei met HTTP {httpStatus}.',
    different_content: 'De pagina via IPv6 verschilt van die via IPv4 (maar {similarity}% gelijk).',
    web_unreachable: 'Niet te testen: de website antwoordde niet.',
    x_frame_options_set: 'X-Frame-Options verbiedt inlijsten door andere sites.',
    no_x_frame_options: 'Geen X-Frame-Options: andere sites mogen deze pagina in een frame tonen (clickjacking).',
    bad_x_frame_options: 'X-Frame-Options is {value}; gebruik DENY of SAMEORIGIN.',
    nosniff: 'X-Content-Type-Options: nosniff staat aan.',
    no_x_content_type_options: 'Geen X-Content-Type-Options: nosniff: browsers mogen het inhoudstype raden.',
    bad_x_content_type_options: 'X-Content-Type-Options is {value}; het moet nosniff zijn.',
    csp_strict: 'Het Content-Security-Policy is streng genoeg.',
    no_csp: 'Geen Content-Security-Policy-header.',
    csp_too_open: 'Het Content-Security-Policy is te ruim: {rules}.',
    referrer_policy_private: 'Referrer-Policy is {value}: er lekken geen adressen naar andere sites.',
    referrer_policy_origin:
      'Referrer-Policy is {value}: andere sites zien nog uw domein; no-referrer of same-origin is beter.',
    no_referrer_policy:
      'Geen Referrer-Policy: browsers gebruiken hun standaard (strict-origin-when-cross-origin); no-referrer of same-origin is beter.',
    referrer_policy_leaks: 'Referrer-Policy {value} stuurt paginaadressen naar andere sites.',
    securitytxt_valid: 'security.txt is geldig (RFC 9116).',
    no_securitytxt:
      'Geen security.txt (HTTP {httpStatus} op {url}): wie een kwetsbaarheid vindt, weet niet waar die te melden.',
    'web_appsecpriv_securitytxt.fetch_failed':
      'security.txt kon deze keer niet worden opgehaald ({error}); niet te testen, probeer het later opnieuw.',
    securitytxt_unreachable: 'security.txt kon niet worden opgehaald ({error}).',
    securitytxt_expired: 'security.txt is verlopen ({expires}): werk Expires bij.',
    securitytxt_no_contact: 'security.txt heeft geen Contact-veld.',
    securitytxt_no_expires: 'security.txt heeft geen Expires-veld (verplicht sinds RFC 9116).',
    securitytxt_expires_invalid: 'Het Expires-veld van security.txt is geen RFC 3339-datum zoals 2027-06-01T00:00:00Z.',
    securitytxt_multiple_expires: 'security.txt heeft meer dan één Expires-veld.',
    securitytxt_multiple_preferred_languages: 'security.txt heeft meer dan één Preferred-Languages-veld.',
    securitytxt_wrong_content_type: 'security.txt wordt niet als text/plain geserveerd.',
    securitytxt_wrong_charset: 'security.txt moet met charset=utf-8 worden geserveerd.',
    securitytxt_html_not_text: 'Er wordt een HTML-pagina geserveerd in plaats van security.txt.',
    securitytxt_not_https: 'security.txt wordt niet via HTTPS geserveerd.',
    securitytxt_contact_not_https: 'Een Contact-webadres in security.txt is http in plaats van https.',
    securitytxt_contact_not_uri: 'Een Contact-waarde in security.txt is geen mailto:-, tel:- of https://-URI.',
    securitytxt_invalid_line: 'security.txt heeft regels die geen veld of commentaar zijn.',
    securitytxt_bad_signature_block: 'Het PGP-handtekeningblok van security.txt is onjuist opgebouwd.',
    securitytxt_expires_over_a_year:
      'security.txt is geldig; Expires ligt meer dan een jaar vooruit, RFC 9116 raadt minder aan.',
    securitytxt_legacy_location:
      'security.txt staat alleen op /security.txt; verplaats het naar /.well-known/security.txt.',
    securitytxt_canonical_mismatch:
      'security.txt is geldig, maar het Canonical-veld noemt niet het adres waarop het staat.',
    dns_error: 'Niet te testen: de DNS-lookup lukte niet. Probeer het later opnieuw.',
    lookup_failed: 'Niet te testen: het opvragen van {lookup} lukte niet ({dns}). Probeer het later opnieuw.',
    timeout: 'Niet te testen binnen de tijdslimiet.',
    internal_error: 'Niet te testen door een interne fout.',
  },
  advice: {
    'advice.web_redirect':
      'Laat gewone http elke bezoeker direct naar https op dezelfde naam sturen, vóór al het andere (nginx hieronder; Apache: Redirect permanent / https://{domain}/).',
    'advice.web_hsts':
      'Stuur HSTS van minstens een jaar mee met elk HTTPS-antwoord (nginx hieronder; Apache: Header always set Strict-Transport-Security "max-age=31536000"). Voeg includeSubDomains alleen toe als elk subdomein HTTPS heeft.',
    'advice.web_tls':
      'Bied alleen TLS 1.2 en 1.3 aan met de algoritmeselecties die het NCSC goed noemt, in de volgorde van de server, en zonder SHA-1-handtekeningen (nginx hieronder; andere servers hebben vergelijkbare instellingen, zie de NCSC ICT-beveiligingsrichtlijnen voor TLS).',
    'advice.web_0rtt': 'Zet TLS 1.3 early data (0-RTT) uit: verzoeken daarin kunnen worden herhaald.',
    'advice.web_caa':
      "Publiceer CAA-records die de CA('s) noemen waar u certificaten koopt, zodat geen andere CA voor {domain} mag uitgeven (RFC 8659).",
    'advice.web_headers':
      'Stuur deze beveiligingsheaders mee met elk antwoord (nginx hieronder). Probeer het Content-Security-Policy eerst als Content-Security-Policy-Report-Only: scripts en stijlen van andere sites moeten erin staan.',
    'advice.web_securitytxt':
      'Publiceer dit als https://{domain}/.well-known/security.txt (text/plain; charset=utf-8), met een adres dat uw securityteam leest, en vernieuw Expires voordat die verstrijkt.',
    'advice.spf_merge': 'Voeg de records samen tot één; controleer of elke afzender er nog in staat.',
    'advice.spf_too_many_lookups':
      'Breng de lookups terug van {lookups} naar hooguit 10. De zwaarste includes: {heaviest}. Verwijder diensten die u niet meer gebruikt, of vervang een include door de ip4:/ip6:-reeksen waar die voor staat.',
    'advice.spf_void_lookups': 'Verwijder de {count} termen waarvan de naam niet bestaat of geen adressen heeft.',
    'advice.spf_broken_include': 'Herstel of verwijder de include van {target}.',
    'advice.spf_loop': 'Verwijder de include die terugwijst naar een record erboven.',
    'advice.dmarc_add_rua':
      'Voeg rua=mailto:<een adres dat u leest> toe om rapporten te ontvangen voordat u het beleid aanscherpt.',
    'advice.dmarc_ext': '{host} publiceert dit om uw rapporten te accepteren (vraag het uw rapportagedienst).',
    'advice.dkim_microsoft365':
      'Microsoft 365: zet DKIM aan in de Defender-portal (Email authentication settings) en publiceer de twee CNAME-records die daar staan, selector1._domainkey en selector2._domainkey.{domain}.',
    'advice.dkim_google':
      'Google Workspace: maak een DKIM-sleutel aan in de Admin-console (Apps > Gmail > E-mail verifiëren) en publiceer die als TXT op google._domainkey.{domain}.',
    'advice.dkim_generic':
      'Laat uw mailserver of leverancier uitgaande mail met DKIM ondertekenen en publiceer de publieke sleutel als TXT op <selector>._domainkey.{domain}.',
    'advice.null_mx': 'Het domein ontvangt geen e-mail: zeg dat met een null MX (RFC 7505).',
    'advice.dane_sign_first':
      'DANE vraagt DNSSEC: onderteken eerst de zone van {host} en publiceer daarna het TLSA-record.',
    'advice.dane_next_key':
      'Dit record legt de sleutel vast die {host} nu gebruikt. Publiceer vóór een sleutelwissel een tweede TLSA-record voor de nieuwe sleutel.',
    'advice.dane_microsoft365':
      '{host} is Microsoft 365: zet in Exchange Online inbound SMTP DANE met DNSSEC aan (uw MX verhuist dan naar *.mx.microsoft) in plaats van zelf TLSA te publiceren.',
    'advice.dane_google':
      '{host} is Google Workspace, dat geen inbound DANE ondersteunt; daar is MTA-STS met TLS-RPT het alternatief.',
    'advice.tls_postfix':
      'Bij Postfix: smtpd_tls_protocols = >=TLSv1.2, smtpd_tls_ciphers = high, tls_high_cipherlist = ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256, tls_preempt_cipherlist = yes, en een OpenSSL-SignatureAlgorithms-lijst zonder SHA-1 (tls_config_file). Andere mailservers hebben vergelijkbare instellingen (NCSC ICT-beveiligingsrichtlijnen voor TLS).',
    'advice.tls_microsoft365':
      'Uw mailservers zijn Microsoft 365, waarvan Microsoft de TLS-instellingen beheert; meld de bevinding bij Microsoft of leg haar vast in uw pas-toe-of-leg-uit-register.',
    'advice.tls_google':
      'Uw mailservers zijn Google Workspace, waarvan Google de TLS-instellingen beheert; meld de bevinding of leg haar vast in uw pas-toe-of-leg-uit-register.',
    'advice.dnssec_enable':
      'Zet DNSSEC aan voor {domain} bij uw DNS-leverancier en laat uw registrar daarna het DS-record in de bovenliggende zone publiceren.',
  },
  input: {
    empty: 'geen domein opgegeven',
    too_long_input: 'dat is veel te lang voor een domeinnaam',
    ip_address: 'dat is een IP-adres; geef een domeinnaam zoals gemeente.nl',
    invalid_characters: 'een domeinnaam bevat alleen letters, cijfers, koppeltekens en punten',
    invalid_idn: 'geen geldige internationale domeinnaam',
    empty_label: 'een domeinnaam kan geen lege delen hebben (twee punten achter elkaar, of een punt vooraan)',
    label_too_long: 'een deel van de naam is langer dan 63 tekens',
    name_too_long: 'de naam is langer dan 253 tekens',
    single_label: 'geef een volledige domeinnaam zoals gemeente.nl',
    hyphen_position: 'een deel van een domeinnaam mag niet met een koppelteken beginnen of eindigen',
    numeric_tld: 'het laatste deel van een domeinnaam kan geen getal zijn',
  },
};
