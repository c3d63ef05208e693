package io.logintelemetry.agent.javaagent;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.logintelemetry.agent.bridge.Bridge;
import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.ConfigLoader;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Reads the configuration, starts the engine side and installs the instrumentation (Byte Buddy,
 * advice inlined, no change of class shape, so classes already loaded can be retransformed).
 */
final class AgentInstaller {

    /** The application's copy of our public API, bridged to the agent's engine. Built at run time: the shade must not relocate it. */
    static final String API_CLASS = String.join(".", "io", "logintelemetry", "api", "LoginTelemetry");

    private AgentInstaller() {
    }

    static void install(Map<String, String> options, Instrumentation inst, boolean attached) {
        LoginTelemetryConfig config;
        try {
            config = ConfigLoader.load(AgentInstaller.class.getClassLoader(), options);
        } catch (ConfigException e) {
            System.err.println("Login Telemetry agent NOT installed because of its configuration: " + e.getMessage()
                    + ". The application runs without it.");
            return;
        }
        configureLogging(config);
        Logs.Logger log = Logs.get("io.logintelemetry");
        if (!config.get(ConfigKeys.ENABLED)) {
            log.info("Login Telemetry agent is switched off (" + ConfigKeys.ENABLED.name() + "=false)");
            return;
        }
        Runtimes runtimes = new Runtimes(config);
        Foreign.startGenerator();
        Bridge.install(new AgentHandler(runtimes));
        ClassFiles classFiles = new ClassFiles(); // now: it makes its thread (see its constructor)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtimes.close();
            classFiles.close();
        }, "logintelemetry-stop"));
        AtomicInteger instrumented = new AtomicInteger();
        builder(log, instrumented, classFiles).installOn(inst);
        log.info("Login Telemetry agent installed" + (attached ? " at run time (" + instrumented.get() + " loaded classes instrumented)" : "")
                + "; settings: " + config.explicitValues().keySet());
    }

    /**
     * Our own log (flag lines included) goes through the agent's relocated SLF4J simple logger; these
     * property names are relocated with it, so they never touch the application's logging.
     */
    private static void configureLogging(LoginTelemetryConfig config) {
        String file = config.get(ConfigKeys.AGENT_LOG_FILE);
        setIfAbsent("org.slf4j.simpleLogger.logFile", file.isBlank() ? "System.err" : file);
        setIfAbsent("org.slf4j.simpleLogger.log.io.logintelemetry", "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private static AgentBuilder builder(Logs.Logger log, AtomicInteger instrumented, ClassFiles classFiles) {
        RateLimitedLog errors = new RateLimitedLog(log, 60_000);
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // Super types' class files read from jars opened once (see ClassFiles: signed jars).
                .with(classFiles)
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                                 DynamicType dynamicType) {
                        if (loaded) {
                            instrumented.incrementAndGet();
                        }
                    }

                    @Override
                    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
                        errors.error("Login Telemetry agent could not instrument " + typeName + ": " + error, null);
                    }
                })
                .ignore(nameStartsWith("java.").or(nameStartsWith("javax.management.")).or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun.")).or(nameStartsWith("net.bytebuddy."))
                        .or(nameStartsWith("io.logintelemetry.shaded.")).or(nameStartsWith("io.logintelemetry.agent."))
                        .or(isSynthetic()));
        for (String ns : new String[] {Foreign.JAKARTA, Foreign.JAVAX}) {
            builder = builder
                    .type(not(isInterface()).and(hasSuperType(named(ns + ".Servlet"))))
                    .transform(advice(Advices.Request.class, named("service").and(takesArguments(2))
                            .and(takesArgument(0, named(ns + ".ServletRequest"))).and(not(isAbstract()))))
                    .transform(advice(Advices.ServletInit.class, named("init").and(takesArguments(1))
                            .and(takesArgument(0, named(ns + ".ServletConfig"))).and(not(isAbstract()))))
                    .type(not(isInterface()).and(hasSuperType(named(ns + ".Filter"))))
                    .transform(advice(Advices.Request.class, named("doFilter").and(takesArguments(3))
                            .and(takesArgument(0, named(ns + ".ServletRequest"))).and(not(isAbstract()))))
                    .type(not(isInterface()).and(hasSuperType(named(ns + ".http.HttpServletRequest"))))
                    .transform(advice(Advices.RequestLogin.class, named("login").and(takesArguments(2))
                            .and(takesArgument(0, String.class)).and(not(isAbstract()))))
                    .transform(advice(Advices.RequestLogout.class, named("logout").and(takesArguments(0)).and(not(isAbstract()))))
                    .transform(advice(Advices.Body.class, named("getInputStream").or(named("getReader")).and(takesArguments(0))
                            .and(not(isAbstract()))))
                    // The end of an async request: its after-step waits for complete() or the async dispatch.
                    .type(not(isInterface()).and(hasSuperType(named(ns + ".AsyncContext"))))
                    .transform(advice(Advices.AsyncComplete.class, named("complete").and(takesArguments(0)).and(not(isAbstract()))));
        }
        String springWeb = "org.springframework.security.web.authentication.";
        return builder
                // Tomcat (also embedded, as in Spring Boot): every end of a session, timeout or invalidate.
                .type(named("org.apache.catalina.session.StandardSession"))
                .transform(advice(Advices.SessionEnd.class, named("expire").and(takesArguments(1)).and(takesArgument(0, boolean.class))))
                // ... and every new one (tellNew tells the session listeners; Tomcat 9, 10.1 and 11 alike).
                .transform(advice(Advices.SessionStart.class, named("tellNew").and(takesArguments(0))))
                // Tomcat's BASIC authentication: a refusal never reaches a servlet, so it is seen here.
                .type(named("org.apache.catalina.authenticator.BasicAuthenticator"))
                .transform(advice(Advices.BasicAuthentication.class, named("doAuthenticate").and(takesArguments(2))
                        .and(returns(boolean.class))))
                // Jetty 12's BASIC authentication, as Tomcat's above: the core authenticator of the
                // ee10 and ee11 environments (ee8/ee9 have their own, not instrumented).
                .type(named("org.eclipse.jetty.security.authentication.BasicAuthenticator"))
                .transform(advice(Advices.JettyBasicAuthentication.class, named("validateRequest").and(takesArguments(3))))
                // Jetty 12 ee10: the session manager tells its listeners a session ends (the argument is
                // Jetty's own session; the handler takes its HttpSession face).
                .type(named("org.eclipse.jetty.ee10.servlet.SessionHandler"))
                .transform(advice(Advices.SessionEndArgument.class, named("onSessionDestroyed").and(takesArguments(1))))
                .transform(advice(Advices.SessionStartArgument.class, named("onSessionCreated").and(takesArguments(1))))
                .type(named(springWeb + "AbstractAuthenticationProcessingFilter"))
                .transform(advice(Advices.SpringSuccess.class, named("successfulAuthentication").and(takesArguments(4))))
                .transform(advice(Advices.SpringFailure.class, named("unsuccessfulAuthentication").and(takesArguments(3))))
                .type(named(springWeb + "logout.SecurityContextLogoutHandler"))
                .transform(advice(Advices.SpringLogout.class, named("logout").and(takesArguments(3))))
                .type(named(API_CLASS))
                .transform(advice(Advices.Api.class, isStatic().and(isPublic())));
    }

    private static AgentBuilder.Transformer advice(Class<?> adviceClass, ElementMatcher<? super MethodDescription> methods) {
        Advice advice = Advice.to(adviceClass);
        return (builder, type, loader, module, domain) -> builder.visit(advice.on(methods));
    }
}
