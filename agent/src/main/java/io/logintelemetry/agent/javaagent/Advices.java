package io.logintelemetry.agent.javaagent;

import io.logintelemetry.agent.bridge.Bridge;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Collections;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into application and container classes. It names only the boot class path
 * {@link Bridge} and JDK types (servlet objects are passed on as {@code Object}), suppresses every
 * Throwable, and holds no logic: the bridge hands over to the agent's engine at once.
 */
final class Advices {

    private Advices() {
    }

    /** Outermost {@code Servlet.service} / {@code Filter.doFilter}: watch the request; skip the method if we answered it. */
    static final class Request {
        @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) Object request, @Advice.Argument(1) Object response,
                             @Advice.Local("loginTelemetryToken") Object token) {
            token = Bridge.enter(request, response);
            return Bridge.answered(token);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Local("loginTelemetryToken") Object token) {
            Bridge.exit(token);
        }
    }

    /** {@code Servlet.init(ServletConfig)}: a web application starts; the agent prepares its engine. */
    static final class ServletInit {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object config) {
            Bridge.servletInit(config);
        }
    }

    /** {@code HttpServletRequest.login(String, String)}: success, or failure when it throws. */
    static final class RequestLogin {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter() {
            return Bridge.loginEnter();
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean outermost, @Advice.This Object request, @Advice.Argument(0) String account,
                         @Advice.Thrown Throwable thrown) {
            Bridge.loginExit(outermost, request, account, thrown == null);
        }
    }

    /** {@code HttpServletRequest.logout()}: recorded before the principal goes. */
    static final class RequestLogout {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object request) {
            Bridge.logoutEnter(request);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            Bridge.logoutExit();
        }
    }

    /** Spring Security's {@code AbstractAuthenticationProcessingFilter.successfulAuthentication(req, res, chain, auth)}. */
    static final class SpringSuccess {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object request, @Advice.Argument(3) Object authentication) {
            Bridge.frameworkLogin(request,
                    authentication instanceof Principal ? ((Principal) authentication).getName() : null, true);
        }
    }

    /** Spring Security's {@code unsuccessfulAuthentication(req, res, exception)}. */
    static final class SpringFailure {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object request) {
            Bridge.frameworkLogin(request, null, false);
        }
    }

    /** Spring Security's {@code SecurityContextLogoutHandler.logout(req, res, auth)}. */
    static final class SpringLogout {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object request, @Advice.Argument(2) Object authentication) {
            Bridge.frameworkLogout(request,
                    authentication instanceof Principal ? ((Principal) authentication).getName() : null);
        }
    }

    /** A container session about to end: Tomcat's {@code StandardSession.expire} ({@code this} is the session). */
    static final class SessionEnd {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object session) {
            Bridge.sessionEnding(session);
        }
    }

    /** A container session about to end, passed as the argument: Jetty's {@code SessionHandler.onSessionDestroyed(session)}. */
    static final class SessionEndArgument {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object session) {
            Bridge.sessionEnding(session);
        }
    }

    /**
     * {@code HttpServletRequest.getInputStream()} / {@code getReader()}: when a capture rule wants the
     * JSON body, the application gets a stream or reader that also copies what it reads.
     */
    static final class Body {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object request,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object body) {
            body = Bridge.body(request, body);
        }
    }

    /** A container session was created: Tomcat's {@code StandardSession.tellNew()} ({@code this} is the session). */
    static final class SessionStart {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object session) {
            Bridge.sessionCreated(session);
        }
    }

    /** A container session was created, passed as the argument: Jetty's {@code SessionHandler.onSessionCreated(session)}. */
    static final class SessionStartArgument {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object session) {
            Bridge.sessionCreated(session);
        }
    }

    /** {@code AsyncContext.complete()}: the end of an async request whose first pass returned already. */
    static final class AsyncComplete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object asyncContext) {
            Bridge.asyncComplete(asyncContext);
        }
    }

    /** Tomcat's {@code BasicAuthenticator.doAuthenticate(request, response)}: false after credentials were sent is a failed login. */
    static final class BasicAuthentication {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object request, @Advice.Return boolean authenticated) {
            Bridge.containerAuthenticated(request, authenticated);
        }
    }

    /**
     * Jetty 12's {@code BasicAuthenticator.validateRequest(request, response, callback)}: a challenge
     * after credentials were sent is a failed login ({@code request} is Jetty's core request).
     */
    static final class JettyBasicAuthentication {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object request, @Advice.Return Object state) {
            Bridge.coreAuthenticated(request, state);
        }
    }

    /**
     * The application's copy of the public API class: the agent's engine answers it, and the
     * original method is skipped. Its flag lists are the agent's own types, so the application gets
     * an empty list; a level comes back as the application's own enum constant.
     */
    static final class Api {
        @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
        static Object enter(@Advice.Origin("#m") String method, @Advice.AllArguments Object[] arguments) {
            return Bridge.api(method, arguments);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Enter Object handled, @Advice.Origin Method method,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            if (handled instanceof String) {
                result = Enum.valueOf((Class) method.getReturnType(), (String) handled);
            } else if (handled != null) {
                result = Collections.emptyList();
            }
        }
    }
}
