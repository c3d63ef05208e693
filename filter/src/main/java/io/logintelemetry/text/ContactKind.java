package io.logintelemetry.text;

/** Kinds of off-platform contact found in a message. */
public enum ContactKind {
    /** An e-mail address, written plainly or lightly disguised ("name (at) example.com"), not allow-listed. */
    EMAIL,
    /** A telephone number in Japanese or international format. */
    PHONE,
    /** A chat app id or invitation: LINE, Telegram, WhatsApp, Discord, Skype, WeChat, Signal... */
    CHAT_ID,
    /** Wording that invites a deal outside the platform ("直接取引", "pay you directly outside the platform"). */
    DIRECT_DEAL_WORDING
}
