/**
 * Images in, tensors out: the one preprocessing used by training and the app, datasets, pair sampling and the pair iterator.
 *
 * <p><b>What DataVec does and what is ours.</b> DataVec lists the image files of identity folders and of the
 * {@code anchor/positive/negative} layout ({@code FileSplit}) and names each file's identity after its folder
 * ({@code ParentPathLabelGenerator}); the readers ({@link io.siamese.data.IdentityFoldersReader},
 * {@link io.siamese.data.FoldersReader}) add what DataVec leaves out: sorted order, unreadable folders refused by
 * name, non-image files reported and counted in {@link io.siamese.data.DataProblems}, empty folders and single-image
 * identities logged. Augmentations are DataVec {@code ImageTransform}s ({@code io.siamese.data.augment}), and
 * training is fed through DL4J's {@code MultiDataSetIterator} ({@link io.siamese.data.PairIterator}). The trainer
 * wraps it in {@link io.siamese.data.PrefetchingIterator}, which prepares the next batch on one long-lived thread
 * (DL4J's own prefetch starts a thread, with a workspace of its own, every epoch). Ours, because
 * DataVec has no such piece: pair
 * sampling ({@link io.siamese.data.PairSampler}), face cropping ({@link io.siamese.data.FaceCropper},
 * {@code io.siamese.data.face}), the decode-once {@link io.siamese.data.ImageCache}, and the preprocessing itself
 * ({@link io.siamese.data.ImagePreprocessor}: the same arithmetic as DataVec's {@code NativeImageLoader}, written
 * into Java arrays so that a batch costs one native copy, and cached).
 *
 * <p><b>Native memory.</b> OpenCV matrices live outside the Java heap and would otherwise wait for a garbage
 * collection: the preprocessor releases everything made for an image when the image is done (a JavaCPP
 * {@code PointerScope}), decoding, face detection and the augmentations close their intermediates, and the cache
 * keeps pixels as Java byte arrays.
 */
package io.siamese.data;
