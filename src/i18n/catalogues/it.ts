/** Italian (it-IT formats). */
import type { Catalogue } from '../catalogue.js';

export default {
  locale: 'it-IT',
  messages: {
    'document.invoice': 'Fattura',
    'document.creditNote': 'Nota di credito',
    'document.draftMark': 'BOZZA',
    'document.voidMark': 'ANNULLATA',
    'document.invoiceReference':
      '{state, select, draft {Fattura BOZZA} void {Fattura {number} ANNULLATA} other {Fattura {number}}}',
    'document.creditNoteReference': 'Nota di credito {number}',
    'document.issueDate': 'Data di emissione',
    'document.dueDate': 'Data di scadenza',
    'document.dueOn': 'Scadenza il {date}',
    'document.deliveryDate': 'Data di consegna',
    'document.buyerReference': 'Vostro riferimento',
    'document.purchaseOrder': 'Ordine d’acquisto',
    'document.creditedInvoice': 'Fattura di riferimento',
    'document.amountsIn': 'Importi in {currency}',

    'status.paid': 'Pagata',
    'status.overdue': 'Scaduta',
    'status.void': 'Annullata',
    'status.uncollectible': 'Inesigibile',

    'party.seller': 'Fornitore',
    'party.buyer': 'Cliente',
    'party.tradingAs': 'Nome commerciale: {name}',
    'party.vatId': 'P. IVA {vatId}',
    'party.legalId': 'N. iscrizione {legalId}',
    'party.legalIdWithScheme': 'N. iscrizione {legalId} (ICD {scheme})',
    'party.attention': 'Alla c.a. di {name}',

    'lines.position': 'N.',
    'lines.description': 'Descrizione',
    'lines.quantity': 'Q.tà',
    'lines.unit': 'U.M.',
    'lines.unitPrice': 'Prezzo unitario',
    'lines.taxRate': 'IVA %',
    'lines.net': 'Imponibile',
    'lines.total': 'Totale',

    'tax.summary': 'Riepilogo IVA',
    'tax.taxableAmount': 'Imponibile',
    'tax.amount': 'Imposta',
    'tax.category':
      '{category, select, S {Aliquota ordinaria} Z {Aliquota zero} E {Esente IVA} AE {Inversione contabile} K {Cessione intracomunitaria} G {Esportazione extra UE} O {Fuori campo IVA} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    'tax.note.AE': 'Inversione contabile: IVA a carico del committente',
    'tax.note.K': 'Cessione intracomunitaria non imponibile',

    'totals.subtotal': 'Totale imponibile',
    'totals.tax': 'IVA',
    'totals.total': 'Totale documento',
    'totals.paid': 'Già pagato',
    'totals.amountDue': 'Importo da pagare',
    'totals.appliedToBalance': 'Detratto dal saldo della fattura',
    'totals.refundDue': 'Importo da rimborsare',
    'totals.credited': 'Accreditato',
    'totals.lineTotal': 'Totale righe',
    'totals.allowance':
      '{kind, select, percent {Sconto {percent} (IVA {rate}): {reason}} other {Sconto (IVA {rate}): {reason}}}',
    'totals.charge':
      '{kind, select, percent {Maggiorazione {percent} (IVA {rate}): {reason}} other {Maggiorazione (IVA {rate}): {reason}}}',
    'totals.allowanceTotal': 'Totale sconti',
    'totals.chargeTotal': 'Totale maggiorazioni',
    'lines.discount':
      '{kind, select, percent {Sconto {percent}: {amount}} other {Sconto: {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Premio per lavori in anticipo} 42 {Altro premio} 60 {Sconto del produttore al consumatore} 62 {Sconto per status militare} 63 {Sconto per infortunio sul lavoro} 64 {Accordo speciale} 65 {Sconto per difetto di produzione} 66 {Sconto nuovo punto vendita} 67 {Sconto campione} 68 {Sconto fine serie} 70 {Sconto Incoterm} 71 {Sconto soglia punto vendita} 88 {Maggiorazione o riduzione materiale} 95 {Sconto} 100 {Ribasso speciale} 102 {Sconto fisso a lungo termine} 103 {Sconto temporaneo} 104 {Sconto standard} 105 {Sconto sul fatturato annuo} other {Codice {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Trasporto} ABL {Imballaggio aggiuntivo} ABK {Varie} ADK {Spedizione} ADR {Altri servizi} PC {Imballaggio} SAA {Spedizione e movimentazione} DL {Consegna} FI {Finanziamento} IS {Fatturazione} TAC {Collaudo} LA {Etichettatura} other {Codice {code}}}',

    'payment.heading': 'Modalità di pagamento',
    'payment.accountHolder': 'Intestatario del conto: {name}',
    'payment.iban': 'IBAN: {iban}',
    'payment.bic': 'BIC: {bic}',
    'payment.reference': 'Causale: {reference}',
    'section.notes': 'Note',
    'section.reason': 'Motivo',

    'page.downloads': 'Download',
    'page.downloadPdf': 'Scarica il PDF',
    'page.downloadUbl': 'Scarica la fattura elettronica (XML UBL)',
    'page.payByTransfer': 'Paga con bonifico',
    'page.transferInstructions': 'Effettua un bonifico di {amount} su questo conto, indicando {reference} come causale.',
    'page.scanToPay': 'Inquadra con la tua app bancaria per pagare {amount}',
    'page.nothingDue': 'Non c’è nulla da pagare.',
    'page.lines': 'Righe',
    'page.notFoundTitle': 'Link non trovato',
    'page.notFoundText': 'Questo link non apre alcun documento, oppure è stato sostituito da uno più recente. Chiedi il link attuale al mittente.',

    'pdf.continued': '{reference} (segue)',
    'pdf.page': '{reference} · Pagina {page} di {pages}',

    'unit.C62': 'pz',
    'unit.H87': 'pz',
    'unit.EA': 'cad.',
    'unit.SET': 'set',
    'unit.HUR': 'h',
    'unit.MIN': 'min',
    'unit.SEC': 's',
    'unit.DAY': '{count, plural, one {giorno} other {giorni}}',
    'unit.WEE': '{count, plural, one {settimana} other {settimane}}',
    'unit.MON': '{count, plural, one {mese} other {mesi}}',
    'unit.ANN': '{count, plural, one {anno} other {anni}}',
    'unit.E48': '{count, plural, one {servizio} other {servizi}}',
  },
} satisfies Catalogue;
