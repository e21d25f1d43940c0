// The words of the customer's status and unsubscribe pages, one table per
// language of the customer emails (templates.ts), so a customer who follows
// an email's link reads the page in the email's language. Plain text: the
// page escapes it. Dates reach these functions already written for the
// customer's locale.
import type { RefusalReason, StatusItem } from "./status-page.server";
import type { Language } from "./templates";

export type StatusWords = {
  order: (name: string) => string;
  item: string;
  status: string;
  statuses: Record<StatusItem["status"], string>;
  expectedBy: (date: string) => string;
  noDate: string;
  placeInLine: (place: number) => string;
  youAccepted: (date: string) => string;
  updates: string;
  history: {
    backorder_confirmation: string;
    date_moved: (oldDate: string | null, newDate: string | null) => string;
    on_its_way: string;
    cancelled: string;
  };
  consent: (dueOn: string) => string;
  ifCancelled: string;
  ifListed: string;
  accept: string;
  cancel: string;
  confirmCancel: string;
  accepted: string;
  nothingToAccept: string;
  cancelledRefundedAmount: (amount: string) => string;
  cancelledRefunded: string;
  cancelled: string;
  nothingToCancel: string;
  changing: string;
  cancelRefused: string;
  linkRefused: string;
  orderNotFound: string;
  refusals: Record<RefusalReason, string>;
  nothingChanged: string;
  notUnderstood: string;
  unsubscribe: string;
  stopEmails: (shop: string) => string;
  unsubscribed: string;
  noMoreEmails: (shop: string) => string;
};

export const STATUS_WORDS: Record<Language, StatusWords> = {
  en: {
    order: (name) => `Order ${name}`,
    item: "Item",
    status: "Status",
    statuses: { waiting: "Waiting for stock", ready: "Being prepared for shipping", shipped: "Shipped", cancelled: "Cancelled" },
    expectedBy: (date) => `expected by ${date}`,
    noDate: "no date yet",
    placeInLine: (place) => `number ${place} in line`,
    youAccepted: (date) => `you accepted ${date}`,
    updates: "Updates",
    history: {
      backorder_confirmation: "We told you these items were on backorder",
      date_moved: (oldDate, newDate) =>
        `The date moved${oldDate ? ` from ${oldDate}` : ""}${newDate ? ` to ${newDate}` : ", with no new date yet"}`,
      on_its_way: "The items arrived and were released for shipping",
      cancelled: "The items were cancelled",
    },
    consent: (dueOn) =>
      `As the date has moved more than once, we need your answer by ${dueOn}: accept the new date, or cancel the waiting items.`,
    ifCancelled: "If we do not hear from you by then, the waiting items will be cancelled and refunded.",
    ifListed: "If we do not hear from you by then, we will review your order and contact you.",
    accept: "Accept the new date",
    cancel: "Cancel the waiting items",
    confirmCancel: "Cancel the items still waiting for stock? They are removed from your order and refunded.",
    accepted: "Thank you: you accepted the new date. We will tell you if it changes.",
    nothingToAccept: "There is no new date to accept.",
    cancelledRefundedAmount: (amount) => `The waiting items were cancelled and ${amount} refunded.`,
    cancelledRefunded: "The waiting items were cancelled and refunded.",
    cancelled: "The waiting items were cancelled.",
    nothingToCancel: "No items are waiting any more: there is nothing to cancel.",
    changing: "Your order changed a moment ago, so nothing was cancelled this time. Please reload this page in a minute.",
    cancelRefused: "The items could not be cancelled. Please contact the shop.",
    linkRefused: "This link cannot be used",
    orderNotFound: "Order not found",
    refusals: {
      malformed: "This link is not valid. Please use the link in your most recent email.",
      tampered: "This link is not valid. Please use the link in your most recent email.",
      expired: "This link has expired. Please use the link in your most recent email, or contact the shop.",
      otherShop: "This link belongs to another shop.",
      otherOrder: "This link is for another order.",
      noOrder: "We could not find this order.",
      notUnsubscribe: "This link is not an unsubscribe link.",
    },
    nothingChanged: "Nothing was changed",
    notUnderstood: "The form was not understood: nothing was changed.",
    unsubscribe: "Unsubscribe",
    stopEmails: (shop) => `Stop backorder emails from ${shop}?`,
    unsubscribed: "Unsubscribed",
    noMoreEmails: (shop) => `You will get no more backorder emails from ${shop}.`,
  },
  fr: {
    order: (name) => `Commande ${name}`,
    item: "Article",
    status: "Statut",
    statuses: { waiting: "En attente de stock", ready: "En préparation pour l’expédition", shipped: "Expédié", cancelled: "Annulé" },
    expectedBy: (date) => `prévu pour le ${date}`,
    noDate: "pas encore de date",
    placeInLine: (place) => `n° ${place} dans la file d’attente`,
    youAccepted: (date) => `vous avez accepté le ${date}`,
    updates: "Nouvelles",
    history: {
      backorder_confirmation: "Nous vous avons informé que ces articles étaient en réapprovisionnement",
      date_moved: (oldDate, newDate) =>
        `La date a changé${oldDate ? ` : elle était le ${oldDate}` : ""}${newDate ? `, elle est désormais le ${newDate}` : ", sans nouvelle date pour l’instant"}`,
      on_its_way: "Les articles sont arrivés et ont été préparés pour l’expédition",
      cancelled: "Les articles ont été annulés",
    },
    consent: (dueOn) =>
      `La date ayant changé plus d’une fois, nous avons besoin de votre réponse d’ici le ${dueOn} : acceptez la nouvelle date, ou annulez les articles en attente.`,
    ifCancelled: "Sans réponse de votre part d’ici là, les articles en attente seront annulés et remboursés.",
    ifListed: "Sans réponse de votre part d’ici là, nous examinerons votre commande et vous contacterons.",
    accept: "Accepter la nouvelle date",
    cancel: "Annuler les articles en attente",
    confirmCancel: "Annuler les articles encore en attente de stock ? Ils sont retirés de votre commande et remboursés.",
    accepted: "Merci : vous avez accepté la nouvelle date. Nous vous préviendrons si elle change.",
    nothingToAccept: "Il n’y a pas de nouvelle date à accepter.",
    cancelledRefundedAmount: (amount) => `Les articles en attente ont été annulés et ${amount} remboursés.`,
    cancelledRefunded: "Les articles en attente ont été annulés et remboursés.",
    cancelled: "Les articles en attente ont été annulés.",
    nothingToCancel: "Plus aucun article n’est en attente : il n’y a rien à annuler.",
    changing: "Votre commande vient de changer, rien n’a donc été annulé cette fois. Veuillez recharger cette page dans une minute.",
    cancelRefused: "Les articles n’ont pas pu être annulés. Veuillez contacter la boutique.",
    linkRefused: "Ce lien ne peut pas être utilisé",
    orderNotFound: "Commande introuvable",
    refusals: {
      malformed: "Ce lien n’est pas valide. Veuillez utiliser le lien de votre e-mail le plus récent.",
      tampered: "Ce lien n’est pas valide. Veuillez utiliser le lien de votre e-mail le plus récent.",
      expired: "Ce lien a expiré. Veuillez utiliser le lien de votre e-mail le plus récent, ou contacter la boutique.",
      otherShop: "Ce lien appartient à une autre boutique.",
      otherOrder: "Ce lien concerne une autre commande.",
      noOrder: "Nous n’avons pas trouvé cette commande.",
      notUnsubscribe: "Ce lien n’est pas un lien de désabonnement.",
    },
    nothingChanged: "Rien n’a été modifié",
    notUnderstood: "Le formulaire n’a pas été compris : rien n’a été modifié.",
    unsubscribe: "Se désabonner",
    stopEmails: (shop) => `Ne plus recevoir les e-mails de réapprovisionnement de ${shop} ?`,
    unsubscribed: "Désabonnement effectué",
    noMoreEmails: (shop) => `Vous ne recevrez plus d’e-mails de réapprovisionnement de ${shop}.`,
  },
  de: {
    order: (name) => `Bestellung ${name}`,
    item: "Artikel",
    status: "Status",
    statuses: {
      waiting: "Wartet auf Lagerbestand",
      ready: "Wird für den Versand vorbereitet",
      shipped: "Versandt",
      cancelled: "Storniert",
    },
    expectedBy: (date) => `voraussichtlich bis ${date}`,
    noDate: "noch kein Datum",
    placeInLine: (place) => `Platz ${place} in der Warteschlange`,
    youAccepted: (date) => `Sie haben ${date} akzeptiert`,
    updates: "Neuigkeiten",
    history: {
      backorder_confirmation: "Wir haben Ihnen mitgeteilt, dass diese Artikel nachbestellt sind",
      date_moved: (oldDate, newDate) =>
        `Das Datum hat sich geändert${oldDate ? `: bisher ${oldDate}` : ""}${newDate ? `, jetzt ${newDate}` : "; ein neues Datum gibt es noch nicht"}`,
      on_its_way: "Die Artikel sind eingetroffen und wurden für den Versand freigegeben",
      cancelled: "Die Artikel wurden storniert",
    },
    consent: (dueOn) =>
      `Da sich das Datum mehr als einmal verschoben hat, brauchen wir bis zum ${dueOn} Ihre Antwort: Akzeptieren Sie das neue Datum, oder stornieren Sie die wartenden Artikel.`,
    ifCancelled: "Wenn wir bis dahin nichts von Ihnen hören, werden die wartenden Artikel storniert und erstattet.",
    ifListed: "Wenn wir bis dahin nichts von Ihnen hören, prüfen wir Ihre Bestellung und melden uns bei Ihnen.",
    accept: "Neues Datum akzeptieren",
    cancel: "Wartende Artikel stornieren",
    confirmCancel: "Die noch auf Lagerbestand wartenden Artikel stornieren? Sie werden aus Ihrer Bestellung entfernt und erstattet.",
    accepted: "Vielen Dank: Sie haben das neue Datum akzeptiert. Wir informieren Sie, falls es sich ändert.",
    nothingToAccept: "Es gibt kein neues Datum zu akzeptieren.",
    cancelledRefundedAmount: (amount) => `Die wartenden Artikel wurden storniert und ${amount} erstattet.`,
    cancelledRefunded: "Die wartenden Artikel wurden storniert und erstattet.",
    cancelled: "Die wartenden Artikel wurden storniert.",
    nothingToCancel: "Es warten keine Artikel mehr: Es gibt nichts zu stornieren.",
    changing:
      "Ihre Bestellung hat sich gerade geändert, daher wurde diesmal nichts storniert. Bitte laden Sie diese Seite in einer Minute neu.",
    cancelRefused: "Die Artikel konnten nicht storniert werden. Bitte wenden Sie sich an den Shop.",
    linkRefused: "Dieser Link kann nicht verwendet werden",
    orderNotFound: "Bestellung nicht gefunden",
    refusals: {
      malformed: "Dieser Link ist ungültig. Bitte verwenden Sie den Link aus Ihrer neuesten E-Mail.",
      tampered: "Dieser Link ist ungültig. Bitte verwenden Sie den Link aus Ihrer neuesten E-Mail.",
      expired: "Dieser Link ist abgelaufen. Bitte verwenden Sie den Link aus Ihrer neuesten E-Mail, oder wenden Sie sich an den Shop.",
      otherShop: "Dieser Link gehört zu einem anderen Shop.",
      otherOrder: "Dieser Link gilt für eine andere Bestellung.",
      noOrder: "Wir konnten diese Bestellung nicht finden.",
      notUnsubscribe: "Dieser Link ist kein Abmeldelink.",
    },
    nothingChanged: "Nichts wurde geändert",
    notUnderstood: "Das Formular wurde nicht verstanden: Nichts wurde geändert.",
    unsubscribe: "Abbestellen",
    stopEmails: (shop) => `Keine Nachbestellungs-E-Mails mehr von ${shop} erhalten?`,
    unsubscribed: "Abbestellt",
    noMoreEmails: (shop) => `Sie erhalten keine Nachbestellungs-E-Mails mehr von ${shop}.`,
  },
  es: {
    order: (name) => `Pedido ${name}`,
    item: "Artículo",
    status: "Estado",
    statuses: { waiting: "Esperando stock", ready: "Preparándose para el envío", shipped: "Enviado", cancelled: "Cancelado" },
    expectedBy: (date) => `previsto para el ${date}`,
    noDate: "aún sin fecha",
    placeInLine: (place) => `puesto ${place} en la cola`,
    youAccepted: (date) => `aceptaste el ${date}`,
    updates: "Novedades",
    history: {
      backorder_confirmation: "Te avisamos de que estos artículos estaban pendientes de reposición",
      date_moved: (oldDate, newDate) =>
        `La fecha cambió${oldDate ? `: era el ${oldDate}` : ""}${newDate ? `, ahora es el ${newDate}` : ", aún sin nueva fecha"}`,
      on_its_way: "Los artículos llegaron y se prepararon para el envío",
      cancelled: "Los artículos se cancelaron",
    },
    consent: (dueOn) =>
      `Como la fecha ha cambiado más de una vez, necesitamos tu respuesta a más tardar el ${dueOn}: acepta la nueva fecha o cancela los artículos pendientes.`,
    ifCancelled: "Si no sabemos nada de ti para entonces, los artículos pendientes se cancelarán y se te reembolsarán.",
    ifListed: "Si no sabemos nada de ti para entonces, revisaremos tu pedido y nos pondremos en contacto contigo.",
    accept: "Aceptar la nueva fecha",
    cancel: "Cancelar los artículos pendientes",
    confirmCancel: "¿Cancelar los artículos que aún esperan stock? Se retiran de tu pedido y se te reembolsan.",
    accepted: "Gracias: has aceptado la nueva fecha. Te avisaremos si cambia.",
    nothingToAccept: "No hay ninguna nueva fecha que aceptar.",
    cancelledRefundedAmount: (amount) => `Los artículos pendientes se cancelaron y se reembolsaron ${amount}.`,
    cancelledRefunded: "Los artículos pendientes se cancelaron y se reembolsaron.",
    cancelled: "Los artículos pendientes se cancelaron.",
    nothingToCancel: "Ya no hay artículos pendientes: no hay nada que cancelar.",
    changing: "Tu pedido acaba de cambiar, así que esta vez no se ha cancelado nada. Vuelve a cargar esta página en un minuto.",
    cancelRefused: "No se pudieron cancelar los artículos. Ponte en contacto con la tienda.",
    linkRefused: "Este enlace no se puede usar",
    orderNotFound: "Pedido no encontrado",
    refusals: {
      malformed: "Este enlace no es válido. Usa el enlace de tu correo más reciente.",
      tampered: "Este enlace no es válido. Usa el enlace de tu correo más reciente.",
      expired: "Este enlace ha caducado. Usa el enlace de tu correo más reciente o ponte en contacto con la tienda.",
      otherShop: "Este enlace pertenece a otra tienda.",
      otherOrder: "Este enlace es de otro pedido.",
      noOrder: "No hemos encontrado este pedido.",
      notUnsubscribe: "Este enlace no es un enlace para darse de baja.",
    },
    nothingChanged: "No se ha cambiado nada",
    notUnderstood: "No se ha entendido el formulario: no se ha cambiado nada.",
    unsubscribe: "Darse de baja",
    stopEmails: (shop) => `¿Dejar de recibir los correos de reposición de ${shop}?`,
    unsubscribed: "Baja confirmada",
    noMoreEmails: (shop) => `Ya no recibirás más correos de reposición de ${shop}.`,
  },
};
