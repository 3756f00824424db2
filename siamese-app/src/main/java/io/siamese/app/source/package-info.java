/** Where live frames come from: a camera, a video file or a folder of images, each as 8-bit BGR OpenCV copies. */
package io.siamese.app.source;
