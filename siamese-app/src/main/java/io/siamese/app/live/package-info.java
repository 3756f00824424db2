/** The live feed: a background loop that grabs frames, finds the face box and hands finished frames to the window. */
package io.siamese.app.live;
