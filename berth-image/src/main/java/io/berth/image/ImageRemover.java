package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code docker rmi} with moby's semantics ({@code daemon/images/image_delete.go}): by name it
 * untags, and deletes only when that was the last name; by ID it deletes, untagging first when
 * all names are in one repository, and otherwise refuses unless forced. Layers and blobs no
 * other image uses are then collected.
 */
public final class ImageRemover {
  private final ImageStore store;
  private final ImageLookup lookup;
  private final ImageGc gc;
  private volatile ImageUsers users = ImageUsers.NONE;
  private final ImageEventLog events;

  ImageRemover(ImageStore store, ImageLookup lookup, ImageGc gc, ImageEventLog events) {
    this.events = events;
    this.store = store;
    this.lookup = lookup;
    this.gc = gc;
  }

  void setUsers(ImageUsers users) {
    this.users = users;
  }

  /** True when a container uses the image, so prune keeps it. */
  boolean inUse(Digest id) {
    return !users.usersOf(id).isEmpty();
  }

  /** One line of the answer: exactly one of the two is set. */
  public record Deleted(String untagged, String deleted) {
    static Deleted untagged(Reference ref) {
      return new Deleted(ref.familiar(), null);
    }

    static Deleted deleted(String id) {
      return new Deleted(null, id);
    }
  }

  public List<Deleted> remove(String name, boolean force, boolean prune) {
    ImageLookup.Found found = lookup.resolve(name);
    Digest id = found.image().id();
    List<Deleted> out = new ArrayList<>();
    List<Reference> refs = store.refsOf(id);
    boolean byId = found.ref() == null;
    if (!byId) {
      Reference given = found.ref();
      List<ImageUsers.User> using = users.usersOf(id);
      if (!force && !using.isEmpty() && singleRepository(refs)) {
        // removing the last name would leave a container's image dangling: moby asks for force
        throw BerthException.conflict("conflict: unable to remove repository reference \""
            + name + "\" (must force) - container " + using.getFirst().containerId()
            .substring(0, 12) + " is using its referenced image " + id.shortHex());
      }
      untag(given, id, out);
      refs = store.refsOf(id);
      if (given.digest() == null && refs.stream()
          .noneMatch(r -> r.digest() == null && r.name().equals(given.name()))) {
        for (Reference r : refs) {
          if (r.digest() != null && r.name().equals(given.name())) {
            // moby lists these in the answer but logs no untag event for them
            store.removeRef(r);
            out.add(Deleted.untagged(r));
          }
        }
        refs = store.refsOf(id);
      }
      if (!refs.isEmpty() || blocked(id, force) || !store.children(id).isEmpty()) {
        // moby's quiet conflict: the untag was the whole job. An image with children (built
        // or committed from it) is not dangling, so moby keeps it without a word
        return out;
      }
    } else if (singleRepository(refs) || force) {
      checkChildren(id);
      checkUsers(id, force);
      for (Reference r : refs) {
        untag(r, id, out);
      }
    }
    checkUsers(id, force);
    delete(id, prune, out);
    return out;
  }

  /** Deletes an image without names (and, with {@code prune}, its dangling parents). */
  void delete(Digest id, boolean prune, List<Deleted> out) {
    checkChildren(id);
    if (!store.refsOf(id).isEmpty()) {
      throw conflict(id, "must be forced", "image is referenced in multiple repositories");
    }
    ImageRecord image = store.get(id).orElseThrow();
    Set<String> before = new HashSet<>();
    image.layers().forEach(l -> before.add(l.chainId().toString()));
    store.delete(id);
    out.add(Deleted.deleted(id.toString()));
    events.log("delete", id, null);
    ImageGc.Collected collected = gc.collect();
    for (ImageRecord.Layer l : image.layers().reversed()) {
      if (collected.snapshots().contains(l.chainId().toString())) {
        out.add(Deleted.deleted(l.chainId().toString()));
      }
    }
    Digest parent = image.parent();
    if (prune && parent != null && store.get(parent).isPresent()
        && store.refsOf(parent).isEmpty() && store.children(parent).isEmpty()) {
      delete(parent, true, out);
    }
  }

  /** Removes one name of image {@code id}: an Untagged line and Docker's untag event. */
  void untag(Reference ref, Digest id, List<Deleted> out) {
    store.removeRef(ref);
    out.add(Deleted.untagged(ref));
    events.log("untag", id, null);
  }

  private boolean blocked(Digest id, boolean force) {
    return users.usersOf(id).stream().anyMatch(u -> u.running() || !force);
  }

  /** moby's hard (running) and soft (stopped, unless forced) container conflicts. */
  private void checkUsers(Digest id, boolean force) {
    for (ImageUsers.User u : users.usersOf(id)) {
      if (u.running()) {
        throw conflict(id, "cannot be forced", "image is being used by running container "
            + u.containerId().substring(0, 12));
      }
      if (!force) {
        throw conflict(id, "must be forced", "image is being used by stopped container "
            + u.containerId().substring(0, 12));
      }
    }
  }

  private void checkChildren(Digest id) {
    if (!store.children(id).isEmpty()) {
      throw conflict(id, "cannot be forced", "image has dependent child images");
    }
  }

  private static BerthException conflict(Digest id, String how, String why) {
    return BerthException.conflict("conflict: unable to delete " + id.shortHex() + " (" + how
        + ") - " + why);
  }

  /** moby's {@code isSingleReference}: one tag at most, every name in one repository. */
  private static boolean singleRepository(List<Reference> refs) {
    if (refs.size() <= 1) {
      return true;
    }
    Reference single = null;
    Set<String> canonical = new HashSet<>();
    for (Reference r : refs) {
      if (r.digest() != null) {
        canonical.add(r.name());
      } else if (single == null) {
        single = r;
      } else {
        return false;
      }
    }
    if (single == null) {
      single = refs.getFirst();
    }
    return canonical.size() == 1 && canonical.contains(single.name());
  }
}
