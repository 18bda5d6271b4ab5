/** French (fr-FR formats). */
import type { Catalogue } from '../catalogue.js';

export default {
  locale: 'fr-FR',
  messages: {
    'document.invoice': 'Facture',
    'document.creditNote': 'Avoir',
    'document.draftMark': 'BROUILLON',
    'document.voidMark': 'ANNULÉE',
    'document.invoiceReference':
      '{state, select, draft {Facture BROUILLON} void {Facture {number} ANNULÉE} other {Facture {number}}}',
    'document.creditNoteReference': 'Avoir {number}',
    'document.issueDate': 'Date d’émission',
    'document.dueDate': 'Date d’échéance',
    'document.dueOn': 'Échéance le {date}',
    'document.deliveryDate': 'Date de livraison',
    'document.buyerReference': 'Votre référence',
    'document.purchaseOrder': 'Bon de commande',
    'document.creditedInvoice': 'Facture d’origine',
    'document.amountsIn': 'Montants en {currency}',

    'status.paid': 'Payée',
    'status.overdue': 'En retard',
    'status.void': 'Annulée',
    'status.uncollectible': 'Irrécouvrable',

    'party.seller': 'Émetteur',
    'party.buyer': 'Client',
    'party.tradingAs': 'Nom commercial\u00A0: {name}',
    'party.vatId': 'N° TVA {vatId}',
    'party.legalId': 'N° d’immatriculation {legalId}',
    'party.legalIdWithScheme': 'N° d’immatriculation {legalId} (ICD {scheme})',
    'party.attention': 'À l’attention de {name}',

    'lines.position': 'N°',
    'lines.description': 'Désignation',
    'lines.quantity': 'Qté',
    'lines.unit': 'Unité',
    'lines.unitPrice': 'Prix unitaire HT',
    'lines.taxRate': 'TVA %',
    'lines.net': 'Montant HT',
    'lines.total': 'Montant TTC',

    'tax.summary': 'Récapitulatif de la TVA',
    'tax.taxableAmount': 'Base HT',
    'tax.amount': 'TVA',
    'tax.category':
      '{category, select, S {Taux normal} Z {Taux zéro} E {Exonéré de TVA} AE {Autoliquidation} K {Livraison intracommunautaire} G {Exportation hors UE} O {Hors champ de la TVA} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    'tax.note.AE': 'Autoliquidation\u00A0: TVA due par le preneur',
    'tax.note.K': 'Exonération de TVA\u00A0: livraison intracommunautaire',

    'totals.subtotal': 'Total HT',
    'totals.tax': 'TVA',
    'totals.total': 'Total TTC',
    'totals.paid': 'Déjà réglé',
    'totals.amountDue': 'Reste à payer',
    'totals.appliedToBalance': 'Imputé sur le solde de la facture',
    'totals.refundDue': 'Montant à rembourser',
    'totals.credited': 'Avoirs',
    'totals.lineTotal': 'Total des lignes',
    'totals.allowance':
      '{kind, select, percent {Remise {percent} (TVA {rate}) : {reason}} other {Remise (TVA {rate}) : {reason}}}',
    'totals.charge':
      '{kind, select, percent {Frais {percent} (TVA {rate}) : {reason}} other {Frais (TVA {rate}) : {reason}}}',
    'totals.allowanceTotal': 'Total des remises',
    'totals.chargeTotal': 'Total des frais',
    'lines.discount':
      '{kind, select, percent {Remise {percent} : {amount}} other {Remise : {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Prime pour travaux en avance} 42 {Autre prime} 60 {Remise fabricant au consommateur} 62 {Remise pour statut militaire} 63 {Remise pour accident du travail} 64 {Accord spécial} 65 {Remise pour défaut de production} 66 {Remise nouveau point de vente} 67 {Remise sur échantillon} 68 {Remise fin de série} 70 {Remise Incoterm} 71 {Remise seuil point de vente} 88 {Supplément ou déduction matière} 95 {Remise} 100 {Rabais spécial} 102 {Remise fixe à long terme} 103 {Remise temporaire} 104 {Remise standard} 105 {Remise sur chiffre d’affaires annuel} other {Code {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Fret} ABL {Emballage supplémentaire} ABK {Divers} ADK {Expédition} ADR {Autres services} PC {Emballage} SAA {Expédition et manutention} DL {Livraison} FI {Financement} IS {Facturation} TAC {Essais} LA {Étiquetage} other {Code {code}}}',

    'payment.heading': 'Coordonnées bancaires',
    'payment.accountHolder': 'Titulaire du compte\u00A0: {name}',
    'payment.iban': 'IBAN\u00A0: {iban}',
    'payment.bic': 'BIC\u00A0: {bic}',
    'payment.reference': 'Référence de paiement\u00A0: {reference}',
    'section.notes': 'Remarques',
    'section.reason': 'Motif',

    'page.downloads': 'Téléchargements',
    'page.downloadPdf': 'Télécharger le PDF',
    'page.downloadUbl': 'Télécharger la facture électronique (XML UBL)',
    'page.payByTransfer': 'Payer par virement',
    'page.transferInstructions': 'Virez {amount} sur ce compte, avec {reference} comme référence de paiement.',
    'page.scanToPay': 'Scannez avec votre application bancaire pour payer {amount}',
    'page.nothingDue': 'Rien n’est dû.',
    'page.lines': 'Lignes',
    'page.notFoundTitle': 'Lien introuvable',
    'page.notFoundText': 'Ce lien n’ouvre aucun document, ou il a été remplacé par un lien plus récent. Demandez le lien actuel à l’expéditeur.',

    'pdf.continued': '{reference} (suite)',
    'pdf.page': '{reference} · Page {page} sur {pages}',

    'unit.C62': 'pce',
    'unit.H87': 'pce',
    'unit.EA': 'u.',
    'unit.SET': '{count, plural, one {lot} other {lots}}',
    'unit.HUR': 'h',
    'unit.MIN': 'min',
    'unit.SEC': 's',
    'unit.DAY': '{count, plural, one {jour} other {jours}}',
    'unit.WEE': '{count, plural, one {semaine} other {semaines}}',
    'unit.MON': 'mois',
    'unit.ANN': '{count, plural, one {an} other {ans}}',
    'unit.E48': '{count, plural, one {prestation} other {prestations}}',
  },
} satisfies Catalogue;
