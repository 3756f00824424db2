/** The Omniglot handwritten characters (Lake et al.): the published archives read in place, Lake's one-shot runs and Koch et al.'s within-alphabet one-shot trials. */
package io.siamese.data.omniglot;
