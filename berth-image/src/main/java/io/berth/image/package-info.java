/** The image store: references, records, unpack, load/save/import, GC. */
package io.berth.image;
