/** The assistant reads at most this many of the session's latest customer photos. */
export const MAX_ASSISTANT_IMAGES = 10;
/** ...and the customer's latest messages (since the model last answered). */
export const MAX_CUSTOMER_MESSAGES = 5;
