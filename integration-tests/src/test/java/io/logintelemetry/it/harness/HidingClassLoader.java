package io.logintelemetry.it.harness;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/** A parent class loader that hides some packages (classes and resources) from its children. */
final class HidingClassLoader extends ClassLoader {

    private final String hiddenPrefix;
    private final String hiddenResourcePrefix;

    HidingClassLoader(ClassLoader parent, String hiddenPackagePrefix) {
        super(parent);
        this.hiddenPrefix = hiddenPackagePrefix;
        this.hiddenResourcePrefix = hiddenPackagePrefix.replace('.', '/');
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(hiddenPrefix)) {
            throw new ClassNotFoundException(name + " is hidden from this web app by the test");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        return name.startsWith(hiddenResourcePrefix) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(hiddenResourcePrefix) ? Collections.emptyEnumeration() : super.getResources(name);
    }
}
