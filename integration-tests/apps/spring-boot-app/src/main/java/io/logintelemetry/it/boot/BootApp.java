package io.logintelemetry.it.boot;

import java.security.Principal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain Spring Boot web app with Spring Security's form login (POST /login with username and
 * password, POST /logout) and two pages. Users: sam, tess and uma, password "{name}-secret".
 */
@SpringBootApplication
@RestController
public class BootApp {

    public static void main(String[] args) {
        SpringApplication.run(BootApp.class, args);
    }

    @GetMapping("/hello")
    public String hello(Principal principal) {
        return "hello " + principal.getName() + "\n";
    }

    @GetMapping("/public/ping")
    public String ping() {
        return "pong\n";
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/public/**").permitAll().anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                // The test client posts plain forms; CSRF protection is beside the point here.
                .csrf(c -> c.disable());
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (String name : new String[] {"sam", "tess", "uma"}) {
            users.createUser(User.withUsername(name).password("{noop}" + name + "-secret").roles("USER").build());
        }
        return users;
    }
}
