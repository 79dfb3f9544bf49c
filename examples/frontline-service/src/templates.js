'use strict'

// Message templates offered in the Frontline app's composer. Frontline asks
// the Templates callback for them and shows the text as returned, so the
// placeholders are filled in here:
//   {{customer}}  the customer's display name
//   {{worker}}    the worker's display name (or identity when unknown)
// Templates marked whatsAppApproved can open a WhatsApp conversation outside
// the 24-hour session window; only mark the ones WhatsApp has approved.

const CATEGORIES = [
  {
    display_name: 'Getting in touch',
    templates: [
      {
        text: 'Hi {{customer}}, this is {{worker}}, your account manager. Do you have a few minutes this week for a quick call?',
      },
      {
        text: 'Hi {{customer}}, {{worker}} here. Your account review is due; reply with a time that suits you.',
        whatsAppApproved: true,
      },
    ],
  },
  {
    display_name: 'Follow-up',
    templates: [
      { text: 'Thanks {{customer}}, I have passed this on and will update you by the end of the day. {{worker}}' },
      { text: '{{customer}}, the documents you asked for are in your inbox. Let me know if anything is missing. {{worker}}' },
      { text: 'Hi {{customer}}, just checking whether the change we made last week is working for you.', whatsAppApproved: true },
    ],
  },
  {
    display_name: 'Wrapping up',
    templates: [{ text: 'Glad we could sort this out, {{customer}}. Have a good week! {{worker}}' }],
  },
]

function fill(text, values) {
  return text.replace(/\{\{(customer|worker)\}\}/g, (_, key) => values[key])
}

/**
 * @param {{display_name: string}} customer
 * @param {{display_name?: string}|null} worker  worker record, if known
 * @param {string} [workerIdentity]  fallback name for an unknown worker
 * @returns {{display_name: string, templates: {content: string, whatsAppApproved: boolean}[]}[]}
 */
function buildTemplates(customer, worker, workerIdentity) {
  const values = {
    customer: customer.display_name,
    worker: (worker && worker.display_name) || workerIdentity || 'your account manager',
  }
  return CATEGORIES.map((category) => ({
    display_name: category.display_name,
    templates: category.templates.map((t) => ({
      content: fill(t.text, values),
      whatsAppApproved: Boolean(t.whatsAppApproved),
    })),
  }))
}

module.exports = { buildTemplates }
