/** Dutch (nl-NL formats). */
import type { Catalogue } from '../catalogue.js';

export default {
  locale: 'nl-NL',
  messages: {
    'document.invoice': 'Factuur',
    'document.creditNote': 'Creditfactuur',
    'document.draftMark': 'CONCEPT',
    'document.voidMark': 'GEANNULEERD',
    'document.invoiceReference':
      '{state, select, draft {Factuur CONCEPT} void {Factuur {number} GEANNULEERD} other {Factuur {number}}}',
    'document.creditNoteReference': 'Creditfactuur {number}',
    'document.issueDate': 'Factuurdatum',
    'document.dueDate': 'Vervaldatum',
    'document.dueOn': 'Te betalen vóór {date}',
    'document.deliveryDate': 'Leveringsdatum',
    'document.buyerReference': 'Uw referentie',
    'document.purchaseOrder': 'Inkoopordernummer',
    'document.creditedInvoice': 'Gecrediteerde factuur',
    'document.amountsIn': 'Bedragen in {currency}',

    'status.paid': 'Betaald',
    'status.overdue': 'Achterstallig',
    'status.void': 'Geannuleerd',
    'status.uncollectible': 'Oninbaar',

    'party.seller': 'Leverancier',
    'party.buyer': 'Klant',
    'party.tradingAs': 'Handelsnaam: {name}',
    'party.vatId': 'Btw-nr. {vatId}',
    'party.legalId': 'Registratienr. {legalId}',
    'party.legalIdWithScheme': 'Registratienr. {legalId} (ICD {scheme})',
    'party.attention': 'T.a.v. {name}',

    'lines.position': 'Nr.',
    'lines.description': 'Omschrijving',
    'lines.quantity': 'Aantal',
    'lines.unit': 'Eenheid',
    'lines.unitPrice': 'Stukprijs',
    'lines.taxRate': 'Btw %',
    'lines.net': 'Netto',
    'lines.total': 'Totaal',

    'tax.summary': 'Btw-specificatie',
    'tax.taxableAmount': 'Grondslag',
    'tax.amount': 'Btw-bedrag',
    'tax.category':
      '{category, select, S {Standaardtarief} Z {Nultarief} E {Vrijgesteld van btw} AE {Btw verlegd} K {Intracommunautaire levering} G {Uitvoer buiten de EU} O {Niet onderworpen aan btw} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    'tax.note.AE': 'Btw verlegd: de afnemer draagt de btw af',
    'tax.note.K': 'Vrijgestelde intracommunautaire levering',

    'totals.subtotal': 'Subtotaal',
    'totals.tax': 'Btw',
    'totals.total': 'Totaal',
    'totals.paid': 'Betaald',
    'totals.amountDue': 'Te betalen',
    'totals.appliedToBalance': 'Verrekend met het openstaande bedrag',
    'totals.refundDue': 'Terug te betalen',
    'totals.credited': 'Gecrediteerd',
    'totals.lineTotal': 'Totaal regels',
    'totals.allowance':
      '{kind, select, percent {Korting {percent} ({rate} btw): {reason}} other {Korting ({rate} btw): {reason}}}',
    'totals.charge':
      '{kind, select, percent {Toeslag {percent} ({rate} btw): {reason}} other {Toeslag ({rate} btw): {reason}}}',
    'totals.allowanceTotal': 'Totaal kortingen',
    'totals.chargeTotal': 'Totaal toeslagen',
    'lines.discount':
      '{kind, select, percent {Korting {percent}: {amount}} other {Korting: {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Bonus voor werk vóór schema} 42 {Overige bonus} 60 {Consumentenkorting fabrikant} 62 {Korting militaire status} 63 {Korting arbeidsongeval} 64 {Speciale afspraak} 65 {Korting productiefout} 66 {Korting nieuw verkooppunt} 67 {Monsterkorting} 68 {Korting einde assortiment} 70 {Incoterm-korting} 71 {Drempelkorting verkooppunt} 88 {Materiaaltoeslag of -aftrek} 95 {Korting} 100 {Speciale korting} 102 {Vaste langetermijnkorting} 103 {Tijdelijke korting} 104 {Standaardkorting} 105 {Jaaromzetkorting} other {Code {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Vracht} ABL {Extra verpakking} ABK {Diversen} ADK {Verzending} ADR {Overige diensten} PC {Verpakking} SAA {Verzending en behandeling} DL {Levering} FI {Financiering} IS {Facturering} TAC {Testen} LA {Etikettering} other {Code {code}}}',

    'payment.heading': 'Betaalgegevens',
    'payment.accountHolder': 'Rekeninghouder: {name}',
    'payment.iban': 'IBAN: {iban}',
    'payment.bic': 'BIC: {bic}',
    'payment.reference': 'Betalingskenmerk: {reference}',
    'section.notes': 'Opmerkingen',
    'section.reason': 'Reden',

    'page.downloads': 'Downloads',
    'page.downloadPdf': 'PDF downloaden',
    'page.downloadUbl': 'E-factuur downloaden (UBL-XML)',
    'page.payByTransfer': 'Betalen per overschrijving',
    'page.transferInstructions': 'Maak {amount} over naar deze rekening, met {reference} als betalingskenmerk.',
    'page.scanToPay': 'Scan met uw bank-app om {amount} te betalen',
    'page.nothingDue': 'Er hoeft niets betaald te worden.',
    'page.lines': 'Regels',
    'page.notFoundTitle': 'Link niet gevonden',
    'page.notFoundText': 'Deze link opent geen document, of is vervangen door een nieuwere. Vraag de afzender om de actuele link.',

    'pdf.continued': '{reference} (vervolg)',
    'pdf.page': '{reference} · Pagina {page} van {pages}',

    'unit.C62': 'st.',
    'unit.H87': 'st.',
    'unit.EA': 'st.',
    'unit.SET': '{count, plural, one {set} other {sets}}',
    'unit.HUR': 'u',
    'unit.MIN': 'min',
    'unit.SEC': 's',
    'unit.DAY': '{count, plural, one {dag} other {dagen}}',
    'unit.WEE': '{count, plural, one {week} other {weken}}',
    'unit.MON': '{count, plural, one {maand} other {maanden}}',
    'unit.ANN': 'jaar',
    'unit.E48': '{count, plural, one {dienst} other {diensten}}',
  },
} satisfies Catalogue;
