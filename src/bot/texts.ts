import type { Command } from './types';
import type { Lang } from '../config';
import type { Standard } from './types';

/** The sentences of the chat core and its cards, per language (the adoption service keeps its own, in adoption.ts; test verdicts live in report/texts/). */
export interface BotTexts {
  help: string[];
  checking: string;
  mailHeadline: string;
  webHeadline: string;
  fromCache: string;
  queued: string;
  busyUser: string;
  /** The last-resort apology; {ref} is in the operator's log line. */
  failed: string;
  fixButton: string;
  recheckButton: string;
  claimButton: string;
  claimedBy: string;
  fixIntro: string;
  nothingToFix: string;
  checkGone: string;
  langSet: string;
  pendingStandards: string;
  invalid: Record<Extract<Command, { kind: 'invalid' }>['reason'], string>;
  explain: Record<Standard, { title: string; what: string; why: string; fix: string }>;
  statusWord: Record<string, string>;
}

const nl: BotTexts = {
  help: [
    'Ik test domeinen op de verplichte standaarden voor e-mail en web (pas-toe-of-leg-uit).',
    '`/mailcheck gemeente.nl` of `check gemeente.nl`: de e-mailtest. `web gemeente.nl`: de websitetest. `alles gemeente.nl`: beide.',
    '`uitleg spf` (of dkim, dmarc, dnssec, starttls, dane, mta-sts, tls-rpt): wat het is en hoe u het oplost.',
    '`taal en` / `lang nl`: de taal in dit gesprek.',
    '`rapport toevoegen gemeenten maandag 09:00`, `rapport lijst`, `rapport verwijder <id>`, `rapport nu gemeenten`: adoptieoverzichten van gemeenten, provincies, waterschappen of een eigen lijst (`lijst toevoegen <naam> <domeinen>`, of deel er een CSV bij).',
    '`volg gemeente.nl` / `ontvolg gemeente.nl`: dagelijks testen en hier melden wat verandert. `uitzondering gemeente.nl dane <reden> tot 2027-06-01`: pas-toe-of-leg-uit.',
  ],
  checking: 'Bezig met testen van {domain}…',
  mailHeadline: 'E-mailtest {domain}: {score}%',
  webHeadline: 'Websitetest {domain}: {score}%',
  fromCache: 'Resultaat van {minutes} min geleden (uit de cache); druk op Opnieuw testen voor een verse test.',
  queued: 'Het is druk: uw test staat als nummer {position} in de rij.',
  busyUser: 'U heeft al {count} tests lopen; wacht even tot die klaar zijn.',
  failed: 'Er ging bij ons iets mis; probeer het zo opnieuw. Meld bij aanhouden referentie {ref} aan de beheerder.',
  fixButton: 'Hoe los ik dit op?',
  recheckButton: 'Opnieuw testen',
  claimButton: 'Ik pak dit op',
  claimedBy: 'Opgepakt door {names}',
  fixIntro: 'Zo lost u de bevindingen voor {domain} op:',
  nothingToFix: 'Niets op te lossen voor {domain}: alle geteste standaarden zijn in orde.',
  checkGone: 'Deze test is niet meer bekend (de bot is herstart); test opnieuw met `check {domain}`.',
  langSet: 'Ik spreek in dit gesprek voortaan Nederlands.',
  pendingStandards: 'Nog niet getest door deze versie: {list}.',
  invalid: {
    bad_domain: 'Dat is geen domeinnaam die ik kan testen ({detail}). Probeer bijvoorbeeld `check gemeente.nl`.',
    missing_domain: 'Welk domein? Probeer bijvoorbeeld `check gemeente.nl`.',
    unknown_command: 'Dat begrijp ik niet ("{detail}"). Probeer `check gemeente.nl` of `hulp`.',
    unknown_standard:
      'Die standaard ken ik niet ("{detail}"). Probeer `uitleg spf`, `uitleg dmarc` of `uitleg dnssec`.',
    bad_report:
      'Zo: `rapport toevoegen gemeenten maandag 09:00`, `rapport lijst`, `rapport verwijder <id>` of `rapport nu gemeenten`.',
    bad_exception: 'Zo: `uitzondering gemeente.nl dane <reden> tot 2027-06-01`.',
    bad_list:
      'Zo: `lijst toevoegen mijnlijst gemeente1.nl gemeente2.nl` (een naam van letters, cijfers, - of _, en geldige domeinen).',
  },
  explain: {
    spf: {
      title: 'SPF',
      what: 'SPF is een DNS-record met de servers die namens uw domein mail mogen versturen.',
      why: 'Zonder SPF kan iedereen mail sturen die van uw domein lijkt te komen.',
      fix: 'Publiceer één TXT-record `v=spf1 … -all` (of `~all`) met uw mailleveranciers, en blijf onder de 10 DNS-lookups.',
    },
    dkim: {
      title: 'DKIM',
      what: 'DKIM zet een digitale handtekening op uitgaande mail; de publieke sleutel staat in DNS.',
      why: 'Ontvangers zien dan dat de mail echt van u komt en onderweg niet is veranderd.',
      fix: 'Zet DKIM aan bij uw mailleverancier en publiceer de sleutel onder `<selector>._domainkey`.',
    },
    dmarc: {
      title: 'DMARC',
      what: 'DMARC vertelt ontvangers wat ze moeten doen met mail die niet door SPF of DKIM komt, en waar ze rapporten heen sturen.',
      why: 'Pas met `p=quarantine` of `p=reject` wordt vervalste mail echt tegengehouden.',
      fix: 'Begin met `v=DMARC1; p=none; rua=mailto:…`, lees de rapporten, en ga dan naar `p=reject`.',
    },
    dnssec: {
      title: 'DNSSEC',
      what: 'DNSSEC ondertekent uw DNS-records, zodat niemand onderweg valse antwoorden kan geven.',
      why: 'Het beschermt bezoekers en mailservers tegen omleiding, en is nodig voor DANE.',
      fix: 'Zet DNSSEC aan bij uw DNS-leverancier en laat de registrar de DS-records publiceren.',
    },
    starttls: {
      title: 'STARTTLS',
      what: 'STARTTLS versleutelt het mailverkeer tussen mailservers.',
      why: 'Zonder versleuteling kan mail onderweg worden meegelezen.',
      fix: 'Zet TLS 1.2 of 1.3 aan op elke mailserver (MX), met een geldig certificaat.',
    },
    dane: {
      title: 'DANE',
      what: 'DANE legt in DNS (met DNSSEC) vast welk certificaat uw mailserver gebruikt.',
      why: 'Verzenders weten dan zeker dat ze met de echte server praten en dat versleuteling niet kan worden weggehaald.',
      fix: 'Publiceer TLSA-records (3 1 1) bij `_25._tcp.<mx>` in een DNSSEC-ondertekende zone.',
    },
    mta_sts: {
      title: 'MTA-STS',
      what: 'MTA-STS vraagt verzenders om alleen versleuteld te bezorgen, via een beleid op https://mta-sts.<domein>/.',
      why: 'Het helpt verzenders die geen DNSSEC gebruiken; DANE is de overheidsstandaard.',
      fix: 'Publiceer `_mta-sts` TXT met een id en het beleidsbestand op https://mta-sts.<domein>/.well-known/mta-sts.txt.',
    },
    tls_rpt: {
      title: 'TLS-RPT',
      what: 'TLS-RPT laat verzenders rapporteren als ze u niet veilig konden bereiken.',
      why: 'Zo merkt u problemen met STARTTLS, DANE of MTA-STS voordat mail wegblijft.',
      fix: 'Publiceer `_smtp._tls` TXT `v=TLSRPTv1; rua=mailto:<een adres dat u leest>`.',
    },
    ipv6: {
      title: 'IPv6',
      what: 'IPv6 is de opvolger van IPv4.',
      why: 'De overheid moet bereikbaar zijn via beide protocollen.',
      fix: 'Geef uw name servers, mailservers en website een AAAA-record en zorg dat ze via IPv6 antwoorden.',
    },
    https: {
      title: 'HTTPS',
      what: 'HTTPS versleutelt het verkeer met uw website.',
      why: 'Het is sinds 1 juli 2023 wettelijk verplicht voor overheidswebsites.',
      fix: 'Bied de site alleen via HTTPS aan (TLS 1.2 of 1.3) en stuur http door naar https.',
    },
    hsts: {
      title: 'HSTS',
      what: 'HSTS laat browsers onthouden dat uw site alleen via HTTPS mag.',
      why: 'Het voorkomt dat een aanvaller een bezoeker terugzet naar onversleuteld http.',
      fix: 'Stuur `Strict-Transport-Security: max-age=31536000` mee op elke HTTPS-respons.',
    },
    securitytxt: {
      title: 'security.txt',
      what: 'security.txt vertelt onderzoekers waar ze kwetsbaarheden kunnen melden.',
      why: 'Meldingen komen dan bij de juiste mensen terecht.',
      fix: 'Publiceer /.well-known/security.txt met Contact en Expires (RFC 9116).',
    },
  },
  statusWord: {
    passed: 'in orde',
    failed: 'niet in orde',
    warning: 'let op',
    info: 'info',
    not_tested: 'niet getest',
    error: 'niet te testen, probeer later opnieuw',
    pending: 'bezig…',
  },
};

const en: BotTexts = {
  help: [
    'I test domains against the mandatory standards for e-mail and web (the Dutch comply-or-explain list).',
    '`/mailcheck gemeente.nl` or `check gemeente.nl`: the mail test. `web gemeente.nl`: the website test. `all gemeente.nl`: both.',
    '`explain spf` (or dkim, dmarc, dnssec, starttls, dane, mta-sts, tls-rpt): what it is and how to fix it.',
    '`lang nl` / `lang en`: the language in this conversation.',
    '`report add gemeenten monday 09:00`, `report list`, `report remove <id>`, `report now gemeenten`: adoption summaries of gemeenten, provincies, waterschappen or a list of your own (`list add <name> <domains>`, or share a CSV with it).',
    '`watch gemeente.nl` / `unwatch gemeente.nl`: test daily and say here what changes. `explain gemeente.nl dane <reason> until 2027-06-01`: comply or explain.',
  ],
  checking: 'Testing {domain}…',
  mailHeadline: 'Mail test {domain}: {score}%',
  webHeadline: 'Website test {domain}: {score}%',
  fromCache: 'Result from {minutes} min ago (cached); press Re-check for a fresh test.',
  queued: 'It is busy: your test is number {position} in the queue.',
  busyUser: 'You already have {count} tests running; please wait until they finish.',
  failed:
    'Something went wrong on our side; please try again shortly. If it persists, give your administrator reference {ref}.',
  fixButton: 'How to fix',
  recheckButton: 'Re-check',
  claimButton: "I'm on it",
  claimedBy: 'Picked up by {names}',
  fixIntro: 'How to fix the findings for {domain}:',
  nothingToFix: 'Nothing to fix for {domain}: every standard tested is in order.',
  checkGone: 'This check is no longer known (the bot restarted); test again with `check {domain}`.',
  langSet: 'I will speak English in this conversation.',
  pendingStandards: 'Not tested by this version yet: {list}.',
  invalid: {
    bad_domain: 'That is not a domain name I can test ({detail}). Try `check gemeente.nl`.',
    missing_domain: 'Which domain? Try `check gemeente.nl`.',
    unknown_command: 'I do not understand ("{detail}"). Try `check gemeente.nl` or `help`.',
    bad_report:
      'Like this: `report add gemeenten monday 09:00`, `report list`, `report remove <id>` or `report now gemeenten`.',
    bad_exception: 'Like this: `explain gemeente.nl dane <reason> until 2027-06-01`.',
    bad_list:
      'Like this: `list add mylist gemeente1.nl gemeente2.nl` (a name of letters, digits, - or _, and valid domains).',
    unknown_standard:
      'I do not know that standard ("{detail}"). Try `explain spf`, `explain dmarc` or `explain dnssec`.',
  },
  explain: {
    spf: {
      title: 'SPF',
      what: 'SPF is a DNS record listing the servers allowed to send mail for your domain.',
      why: 'Without SPF anyone can send mail that seems to come from your domain.',
      fix: 'Publish one TXT record `v=spf1 … -all` (or `~all`) with your mail providers, within 10 DNS lookups.',
    },
    dkim: {
      title: 'DKIM',
      what: 'DKIM puts a digital signature on outgoing mail; the public key is in DNS.',
      why: 'Receivers can then see the mail really comes from you and was not changed on the way.',
      fix: 'Enable DKIM at your mail provider and publish the key at `<selector>._domainkey`.',
    },
    dmarc: {
      title: 'DMARC',
      what: 'DMARC tells receivers what to do with mail that fails SPF and DKIM, and where to send reports.',
      why: 'Only `p=quarantine` or `p=reject` actually stops forged mail.',
      fix: 'Start with `v=DMARC1; p=none; rua=mailto:…`, read the reports, then move to `p=reject`.',
    },
    dnssec: {
      title: 'DNSSEC',
      what: 'DNSSEC signs your DNS records so nobody on the way can give false answers.',
      why: 'It protects visitors and mail servers from being redirected, and DANE needs it.',
      fix: 'Enable DNSSEC at your DNS provider and have the registrar publish the DS records.',
    },
    starttls: {
      title: 'STARTTLS',
      what: 'STARTTLS encrypts mail traffic between mail servers.',
      why: 'Without encryption mail can be read on the way.',
      fix: 'Enable TLS 1.2 or 1.3 on every mail server (MX), with a valid certificate.',
    },
    dane: {
      title: 'DANE',
      what: 'DANE records in DNS (with DNSSEC) which certificate your mail server uses.',
      why: 'Senders then know they talk to the real server and encryption cannot be stripped.',
      fix: 'Publish TLSA records (3 1 1) at `_25._tcp.<mx>` in a DNSSEC-signed zone.',
    },
    mta_sts: {
      title: 'MTA-STS',
      what: 'MTA-STS asks senders to deliver only encrypted, through a policy at https://mta-sts.<domain>/.',
      why: 'It helps senders without DNSSEC; DANE is the Dutch government standard.',
      fix: 'Publish `_mta-sts` TXT with an id and the policy file at https://mta-sts.<domain>/.well-known/mta-sts.txt.',
    },
    tls_rpt: {
      title: 'TLS-RPT',
      what: 'TLS-RPT lets senders report when they could not reach you securely.',
      why: 'You notice STARTTLS, DANE or MTA-STS problems before mail goes missing.',
      fix: 'Publish `_smtp._tls` TXT `v=TLSRPTv1; rua=mailto:<an address you read>`.',
    },
    ipv6: {
      title: 'IPv6',
      what: 'IPv6 is the successor of IPv4.',
      why: 'Government services must be reachable over both protocols.',
      fix: 'Give your name servers, mail servers and website an AAAA record and make them answer over IPv6.',
    },
    https: {
      title: 'HTTPS',
      what: 'HTTPS encrypts the traffic with your website.',
      why: 'It has been legally required for Dutch government websites since 1 July 2023.',
      fix: 'Serve the site over HTTPS only (TLS 1.2 or 1.3) and redirect http to https.',
    },
    hsts: {
      title: 'HSTS',
      what: 'HSTS makes browsers remember that your site is HTTPS only.',
      why: 'It stops an attacker from downgrading a visitor to plain http.',
      fix: 'Send `Strict-Transport-Security: max-age=31536000` on every HTTPS response.',
    },
    securitytxt: {
      title: 'security.txt',
      what: 'security.txt tells researchers where to report vulnerabilities.',
      why: 'Reports then reach the right people.',
      fix: 'Publish /.well-known/security.txt with Contact and Expires (RFC 9116).',
    },
  },
  statusWord: {
    passed: 'in order',
    failed: 'not in order',
    warning: 'attention',
    info: 'info',
    not_tested: 'not tested',
    error: 'could not test, try again later',
    pending: 'testing…',
  },
};

export const BOT_TEXTS: Record<Lang, BotTexts> = { nl, en };
