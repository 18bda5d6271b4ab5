/** Polish (pl-PL formats). Terms as Polish VAT invoices use them (sprzedawca, nabywca, faktura korygująca). */
import type { Catalogue } from '../catalogue.js';

export default {
  locale: 'pl-PL',
  messages: {
    'document.invoice': 'Faktura',
    'document.creditNote': 'Faktura korygująca',
    'document.draftMark': 'PROJEKT',
    'document.voidMark': 'ANULOWANA',
    'document.invoiceReference':
      '{state, select, draft {Faktura PROJEKT} void {Faktura {number} ANULOWANA} other {Faktura {number}}}',
    'document.creditNoteReference': 'Faktura korygująca {number}',
    'document.issueDate': 'Data wystawienia',
    'document.dueDate': 'Termin płatności',
    'document.dueOn': 'Termin płatności: {date}',
    'document.deliveryDate': 'Data sprzedaży',
    'document.buyerReference': 'Państwa numer referencyjny',
    'document.purchaseOrder': 'Numer zamówienia',
    'document.creditedInvoice': 'Faktura korygowana',
    'document.amountsIn': 'Kwoty w {currency}',

    'status.paid': 'Zapłacona',
    'status.overdue': 'Przeterminowana',
    'status.void': 'Anulowana',
    'status.uncollectible': 'Nieściągalna',

    'party.seller': 'Sprzedawca',
    'party.buyer': 'Nabywca',
    'party.tradingAs': 'Nazwa handlowa: {name}',
    'party.vatId': 'NIP {vatId}',
    'party.legalId': 'Nr rejestrowy {legalId}',
    'party.legalIdWithScheme': 'Nr rejestrowy {legalId} (ICD {scheme})',
    'party.attention': 'Do rąk: {name}',

    'lines.position': 'Lp.',
    'lines.description': 'Nazwa towaru lub usługi',
    'lines.quantity': 'Ilość',
    'lines.unit': 'J.m.',
    'lines.unitPrice': 'Cena jedn. netto',
    'lines.taxRate': 'Stawka VAT',
    'lines.net': 'Wartość netto',
    'lines.total': 'Wartość brutto',

    'tax.summary': 'Zestawienie VAT',
    'tax.taxableAmount': 'Wartość netto',
    'tax.amount': 'Kwota VAT',
    'tax.category':
      '{category, select, S {Stawka podstawowa} Z {Stawka zerowa} E {Zwolnione z VAT} AE {Odwrotne obciążenie} K {Wewnątrzwspólnotowa dostawa towarów} G {Eksport poza UE} O {Niepodlegające opodatkowaniu} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    'tax.note.AE': 'Odwrotne obciążenie: podatek rozlicza nabywca',
    'tax.note.K': 'Wewnątrzwspólnotowa dostawa towarów zwolniona z VAT',

    'totals.subtotal': 'Razem netto',
    'totals.tax': 'Kwota VAT',
    'totals.total': 'Razem brutto',
    'totals.paid': 'Zapłacono',
    'totals.amountDue': 'Pozostało do zapłaty',
    'totals.appliedToBalance': 'Zaliczono na poczet należności',
    'totals.refundDue': 'Kwota do zwrotu',
    'totals.credited': 'Skorygowano',
    'totals.lineTotal': 'Suma pozycji',
    'totals.allowance':
      '{kind, select, percent {Obniżka {percent} (VAT {rate}): {reason}} other {Obniżka (VAT {rate}): {reason}}}',
    'totals.charge':
      '{kind, select, percent {Narzut {percent} (VAT {rate}): {reason}} other {Narzut (VAT {rate}): {reason}}}',
    'totals.allowanceTotal': 'Suma obniżek',
    'totals.chargeTotal': 'Suma narzutów',
    'lines.discount':
      '{kind, select, percent {Rabat {percent}: {amount}} other {Rabat: {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Premia za prace przed terminem} 42 {Inna premia} 60 {Rabat producenta dla konsumenta} 62 {Rabat z tytułu statusu wojskowego} 63 {Rabat z tytułu wypadku przy pracy} 64 {Umowa specjalna} 65 {Rabat za wadę produkcyjną} 66 {Rabat dla nowego punktu sprzedaży} 67 {Rabat na próbki} 68 {Rabat na koniec serii} 70 {Rabat Incoterm} 71 {Rabat progowy w punkcie sprzedaży} 88 {Dopłata lub potrącenie materiałowe} 95 {Rabat} 100 {Rabat specjalny} 102 {Stały rabat długoterminowy} 103 {Rabat tymczasowy} 104 {Rabat standardowy} 105 {Rabat od obrotu rocznego} other {Kod {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Fracht} ABL {Dodatkowe opakowanie} ABK {Różne} ADK {Wysyłka} ADR {Inne usługi} PC {Pakowanie} SAA {Wysyłka i obsługa} DL {Dostawa} FI {Finansowanie} IS {Fakturowanie} TAC {Testowanie} LA {Etykietowanie} other {Kod {code}}}',

    'payment.heading': 'Dane do płatności',
    'payment.accountHolder': 'Właściciel rachunku: {name}',
    'payment.iban': 'IBAN: {iban}',
    'payment.bic': 'BIC: {bic}',
    'payment.reference': 'Tytuł płatności: {reference}',
    'section.notes': 'Uwagi',
    'section.reason': 'Przyczyna korekty',

    'page.downloads': 'Pliki do pobrania',
    'page.downloadPdf': 'Pobierz PDF',
    'page.downloadUbl': 'Pobierz e-fakturę (XML UBL)',
    'page.payByTransfer': 'Zapłać przelewem',
    'page.transferInstructions': 'Przelej {amount} na to konto, podając {reference} w tytule przelewu.',
    'page.scanToPay': 'Zeskanuj w aplikacji bankowej, aby zapłacić {amount}',
    'page.nothingDue': 'Nic nie pozostało do zapłaty.',
    'page.lines': 'Pozycje',
    'page.notFoundTitle': 'Nie znaleziono linku',
    'page.notFoundText': 'Ten link nie otwiera żadnego dokumentu lub został zastąpiony nowszym. Poproś nadawcę o aktualny link.',

    'pdf.continued': '{reference} (ciąg dalszy)',
    'pdf.page': '{reference} · Strona {page} z {pages}',

    'unit.C62': 'szt.',
    'unit.H87': 'szt.',
    'unit.EA': 'szt.',
    'unit.SET': 'kpl.',
    'unit.HUR': 'godz.',
    'unit.MIN': 'min',
    'unit.SEC': 's',
    'unit.DAY': '{count, plural, one {dzień} few {dni} many {dni} other {dnia}}',
    'unit.WEE': '{count, plural, one {tydzień} few {tygodnie} many {tygodni} other {tygodnia}}',
    'unit.MON': '{count, plural, one {miesiąc} few {miesiące} many {miesięcy} other {miesiąca}}',
    'unit.ANN': '{count, plural, one {rok} few {lata} many {lat} other {roku}}',
    'unit.E48': 'usł.',
  },
} satisfies Catalogue;
