package io.logintelemetry.log;

/**
 * Our loggers: through SLF4J when the application has it, else through {@code System.Logger}
 * (java.util.logging by default).
 *
 * <p>The drop-in jar does not bundle SLF4J: a second copy inside a webapp would fight the app's own
 * binding. So we look for SLF4J where we are loaded and fall back when it is missing.
 */
public final class Logs {

    private static final boolean SLF4J = slf4jPresent();

    private Logs() {
    }

    /** A logger by name, e.g. {@code io.logintelemetry.flags}. */
    public static Logger get(String name) {
        return SLF4J ? new Slf4jLogger(name) : new SystemLogger(name);
    }

    private static boolean slf4jPresent() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, Logs.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The few levels we use. */
    public interface Logger {
        void info(String message);

        void warn(String message);

        void error(String message, Throwable cause);

        boolean isInfoEnabled();
    }

    private static final class Slf4jLogger implements Logger {
        private final org.slf4j.Logger delegate;

        Slf4jLogger(String name) {
            this.delegate = org.slf4j.LoggerFactory.getLogger(name);
        }

        @Override
        public void info(String message) {
            delegate.info(message);
        }

        @Override
        public void warn(String message) {
            delegate.warn(message);
        }

        @Override
        public void error(String message, Throwable cause) {
            delegate.error(message, cause);
        }

        @Override
        public boolean isInfoEnabled() {
            return delegate.isInfoEnabled();
        }
    }

    private static final class SystemLogger implements Logger {
        private final System.Logger delegate;

        SystemLogger(String name) {
            this.delegate = System.getLogger(name);
        }

        @Override
        public void info(String message) {
            delegate.log(System.Logger.Level.INFO, message);
        }

        @Override
        public void warn(String message) {
            delegate.log(System.Logger.Level.WARNING, message);
        }

        @Override
        public void error(String message, Throwable cause) {
            delegate.log(System.Logger.Level.ERROR, message, cause);
        }

        @Override
        public boolean isInfoEnabled() {
            return delegate.isLoggable(System.Logger.Level.INFO);
        }
    }
}
