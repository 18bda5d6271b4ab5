/** German (de-DE formats). Terms as the UStG and German invoices use them. */
import type { Catalogue } from '../catalogue.js';

export default {
  locale: 'de-DE',
  messages: {
    'document.invoice': 'Rechnung',
    'document.creditNote': 'Rechnungskorrektur',
    'document.draftMark': 'ENTWURF',
    'document.voidMark': 'STORNIERT',
    'document.invoiceReference':
      '{state, select, draft {Rechnung ENTWURF} void {Rechnung {number} STORNIERT} other {Rechnung {number}}}',
    'document.creditNoteReference': 'Rechnungskorrektur {number}',
    'document.issueDate': 'Ausstellungsdatum',
    'document.dueDate': 'Fälligkeitsdatum',
    'document.dueOn': 'Fällig am {date}',
    'document.deliveryDate': 'Leistungsdatum',
    'document.buyerReference': 'Ihre Referenz',
    'document.purchaseOrder': 'Bestellnummer',
    'document.creditedInvoice': 'Korrigierte Rechnung',
    'document.amountsIn': 'Beträge in {currency}',

    'status.paid': 'Bezahlt',
    'status.overdue': 'Überfällig',
    'status.void': 'Storniert',
    'status.uncollectible': 'Uneinbringlich',

    'party.seller': 'Rechnungssteller',
    'party.buyer': 'Rechnungsempfänger',
    'party.tradingAs': 'Handelsname: {name}',
    'party.vatId': 'USt-IdNr. {vatId}',
    'party.legalId': 'Registernr. {legalId}',
    'party.legalIdWithScheme': 'Registernr. {legalId} (ICD {scheme})',
    'party.attention': 'z. Hd. {name}',

    'lines.position': 'Pos.',
    'lines.description': 'Bezeichnung',
    'lines.quantity': 'Menge',
    'lines.unit': 'Einheit',
    'lines.unitPrice': 'Einzelpreis',
    'lines.taxRate': 'USt. %',
    'lines.net': 'Netto',
    'lines.total': 'Brutto',

    'tax.summary': 'Umsatzsteueraufstellung',
    'tax.taxableAmount': 'Bemessungsgrundlage',
    'tax.amount': 'Umsatzsteuer',
    'tax.category':
      '{category, select, S {Regelsteuersatz} Z {Nullsatz} E {Steuerbefreit} AE {Steuerschuldnerschaft des Leistungsempfängers} K {Innergemeinschaftliche Lieferung} G {Ausfuhr in ein Drittland} O {Nicht steuerbar} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    'tax.note.AE': 'Steuerschuldnerschaft des Leistungsempfängers: Der Leistungsempfänger schuldet die Umsatzsteuer',
    'tax.note.K': 'Steuerfreie innergemeinschaftliche Lieferung',

    'totals.subtotal': 'Summe netto',
    'totals.tax': 'Umsatzsteuer',
    'totals.total': 'Gesamtbetrag',
    'totals.paid': 'Bereits bezahlt',
    'totals.amountDue': 'Offener Betrag',
    'totals.appliedToBalance': 'Mit dem offenen Betrag verrechnet',
    'totals.refundDue': 'Zu erstattender Betrag',
    'totals.credited': 'Gutgeschrieben',
    'totals.lineTotal': 'Summe der Positionen',
    'totals.allowance':
      '{kind, select, percent {Nachlass {percent} ({rate} USt.): {reason}} other {Nachlass ({rate} USt.): {reason}}}',
    'totals.charge':
      '{kind, select, percent {Zuschlag {percent} ({rate} USt.): {reason}} other {Zuschlag ({rate} USt.): {reason}}}',
    'totals.allowanceTotal': 'Summe der Nachlässe',
    'totals.chargeTotal': 'Summe der Zuschläge',
    'lines.discount':
      '{kind, select, percent {Rabatt {percent}: {amount}} other {Rabatt: {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Bonus für vorzeitige Fertigstellung} 42 {Sonstiger Bonus} 60 {Herstellerrabatt für Verbraucher} 62 {Rabatt für Militärangehörige} 63 {Nachlass wegen Arbeitsunfall} 64 {Sondervereinbarung} 65 {Nachlass wegen Produktionsfehler} 66 {Neueröffnungsrabatt} 67 {Musterrabatt} 68 {Auslaufrabatt} 70 {Incoterm-Nachlass} 71 {Nachlass für Mindestabnahme am Verkaufsort} 88 {Materialzu- oder -abschlag} 95 {Rabatt} 100 {Sonderrabatt} 102 {Langfristiger Festrabatt} 103 {Befristeter Rabatt} 104 {Standardrabatt} 105 {Jahresumsatzrabatt} other {Code {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Fracht} ABL {Zusätzliche Verpackung} ABK {Sonstiges} ADK {Versand} ADR {Sonstige Leistungen} PC {Verpackung} SAA {Versand und Bearbeitung} DL {Lieferung} FI {Finanzierung} IS {Rechnungsstellung} TAC {Prüfung} LA {Etikettierung} other {Code {code}}}',

    'payment.heading': 'Zahlungsinformationen',
    'payment.accountHolder': 'Kontoinhaber: {name}',
    'payment.iban': 'IBAN: {iban}',
    'payment.bic': 'BIC: {bic}',
    'payment.reference': 'Verwendungszweck: {reference}',
    'section.notes': 'Anmerkungen',
    'section.reason': 'Grund der Korrektur',

    'page.downloads': 'Downloads',
    'page.downloadPdf': 'PDF herunterladen',
    'page.downloadUbl': 'E-Rechnung herunterladen (UBL-XML)',
    'page.payByTransfer': 'Per Überweisung bezahlen',
    'page.transferInstructions': 'Überweisen Sie {amount} auf dieses Konto mit {reference} als Verwendungszweck.',
    'page.scanToPay': 'Mit Ihrer Banking-App scannen, um {amount} zu bezahlen',
    'page.nothingDue': 'Es ist nichts zu zahlen.',
    'page.lines': 'Positionen',
    'page.notFoundTitle': 'Link nicht gefunden',
    'page.notFoundText': 'Dieser Link öffnet kein Dokument oder wurde durch einen neueren ersetzt. Bitte fragen Sie den Absender nach dem aktuellen Link.',

    'pdf.continued': '{reference} (Fortsetzung)',
    'pdf.page': '{reference} · Seite {page} von {pages}',

    'unit.C62': 'Stk.',
    'unit.H87': 'Stk.',
    'unit.EA': 'Stk.',
    'unit.SET': '{count, plural, one {Satz} other {Sätze}}',
    'unit.HUR': 'Std.',
    'unit.MIN': 'Min.',
    'unit.SEC': 'Sek.',
    'unit.DAY': '{count, plural, one {Tag} other {Tage}}',
    'unit.WEE': '{count, plural, one {Woche} other {Wochen}}',
    'unit.MON': '{count, plural, one {Monat} other {Monate}}',
    'unit.ANN': '{count, plural, one {Jahr} other {Jahre}}',
    'unit.E48': '{count, plural, one {Leistung} other {Leistungen}}',
  },
} satisfies Catalogue;
