/** The assistant reads at most this many of the session's latest customer photos. */
export const MAX_ASSISTANT_IMAGES = 10;
/** ...and the customer's latest messages (since the model last answered). */
export const MAX_CUSTOMER_MESSAGES = 5;

/**
 * Messages of a session the assistant reads: the latest 100 (the customer's words since its last answer,
 * and the photos, come from these), so a long session costs an answer no more than a short one.
 */
export const MAX_ASSISTANT_WINDOW = 100;
