package io.tributary.kafka.registry;

import io.tributary.consume.InstanceDirectory;

import java.net.URI;
import java.util.Optional;

/**
 * Where an instance is, from the registry: at the live node that holds it, else here (this node holds it, nobody
 * does, or its holder is dead and this node's consumer instances take it over). A known instance is answered from
 * memory; only an unknown one costs a read barrier. If the memory is a moment behind (the instance was just deleted or
 * taken over), the request goes to the former holder, which, as it is a forwarded request, answers it itself.
 */
final class RegistryDirectory implements InstanceDirectory {

    private final InstanceRegistry registry;

    RegistryDirectory(InstanceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Location locate(String group, String instance) {
        Optional<InstanceEntry> entry = registry.known(group, instance);
        if (entry.isEmpty()) {
            entry = registry.entry(group, instance); // created through another node a moment ago?
        }
        if (entry.isEmpty()) {
            return Location.HERE;
        }
        String node = entry.get().node();
        Optional<URI> url = registry.url(node);
        return !node.equals(registry.nodeId()) && registry.alive(node) && url.isPresent()
                ? new Location.Elsewhere(url.get()) : Location.HERE;
    }
}
